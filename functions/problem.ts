import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** RFC 9457 problem details. `type` names the kind of problem; `detail` says what to change. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  [extension: string]: unknown;
}

export function problemBody(
  status: number,
  slug: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem {
  return { type: `urn:renkei:problem:${slug}`, title, status, detail, ...extra };
}

// Problem responses carry their own content type, which @hono/zod-openapi's typed responses cannot
// express; they are typed `never` so that a handler may return one from any typed route.
export type ProblemResponse = never;

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  slug: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): ProblemResponse {
  return problemResponse(c, problemBody(status, slug, title, detail, { instance: c.req.path, ...extra }));
}

export function problemResponse(c: Context, body: Problem): ProblemResponse {
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, {
    'Content-Type': 'application/problem+json',
  }) as never;
}

export interface FieldError {
  field: string;
  message: string;
}

/** Zod issues as field errors: the field is the dotted path the client sent, e.g. `data.patient.birthDate`. */
export function fieldErrors(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): FieldError[] {
  return issues.map((i) => ({ field: i.path.map(String).join('.') || '(body)', message: i.message }));
}

export function validationProblem(errors: FieldError[]): Problem {
  const first = errors[0];
  return problemBody(
    400,
    'invalid-request',
    'The request is not valid',
    first
      ? `${first.field}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`
      : 'invalid request',
    { errors },
  );
}
