import { OpenAPIHono } from '@hono/zod-openapi';
import type { Deps } from '../engine/deps.js';
import type { WebhookReads } from '../engine/hospitalEvents.js';
import { fieldErrors, problemResponse, validationProblem } from './problem.js';

export type AppEnv = {
  Variables: {
    hospitalId: string;
    webhookId: string;
    rawBody: string;
    webhookReads: WebhookReads;
  };
};

/** A route group whose failed validations answer as RFC 9457 problems naming the field. */
export function routeGroup(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return problemResponse(c, { ...validationProblem(fieldErrors(result.error.issues)), instance: c.req.path });
    },
  });
}

export type RouteFactory = (deps: Deps) => OpenAPIHono<AppEnv>;
