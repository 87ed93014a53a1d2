import type { z } from '@hono/zod-openapi';
import { ProblemSchema } from '../schemas.js';

// Parts every administration route description shares.

export const problemContent = { 'application/problem+json': { schema: ProblemSchema } };
export const security = [{ adminToken: [] }];
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
export const denied = {
  401: { description: 'Missing or wrong token', content: problemContent },
  403: { description: 'Administrators only', content: problemContent },
};
