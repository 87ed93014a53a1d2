import { OpenAPIHono } from '@hono/zod-openapi';
import type { Principal, Requester, SessionStage } from '../engine/access/index.js';
import type { WebhookReads } from '../engine/cases/index.js';
import type { Deps } from '../engine/deps.js';
import { fieldErrors, problemResponse, validationProblem } from './problem.js';

export type AppEnv = {
  Variables: {
    hospitalId: string;
    webhookId: string;
    rawBody: string;
    webhookReads: WebhookReads;
    /** Set by the authentication middleware of the administration API and the console. */
    principal: Principal;
    /** Address and user agent of the request, for the audit log. */
    requester: Requester;
    /** The console session's CSRF token, for the forms a page renders. */
    csrfToken: string;
    /** How far the console session got: `full`, or still waiting for its second factor. */
    sessionStage: SessionStage;
  };
};

/** A route group whose failed validations answer as RFC 9457 problems naming the field. */
export function routeGroup(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success)
        return problemResponse(c, { ...validationProblem(fieldErrors(result.error.issues)), instance: c.req.path });
    },
  });
}

export type RouteFactory = (deps: Deps) => OpenAPIHono<AppEnv>;
