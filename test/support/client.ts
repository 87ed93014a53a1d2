import { type SignOptions, signedEventInit } from './signed.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** How a test talks to the service, whatever runs it: a path and a RequestInit in, a Response out. */
export type Request = (path: string, init?: RequestInit) => Promise<Response>;

export interface ServiceClient {
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  secretFor(hospitalId: string): Promise<string>;
  sendEvent(hospitalId: string, body: unknown, opts?: SignOptions): Promise<Response>;
}

/** Admin calls with the test token, a webhook secret per hospital (issued once), signed deliveries. */
export function serviceClient(request: Request): ServiceClient {
  const secrets = new Map<string, string>();
  const client: ServiceClient = {
    admin(path, init = {}) {
      return request(path, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body ? JSON.stringify(init.body) : undefined,
      });
    },
    async secretFor(hospitalId) {
      const known = secrets.get(hospitalId);
      if (known) return known;
      const res = await client.admin(`/v1/admin/hospitals/${hospitalId}/secrets`, { method: 'POST' });
      if (res.status !== 201) throw new Error(`secret for ${hospitalId}: ${res.status}`);
      const { secret } = (await res.json()) as { secret: string };
      secrets.set(hospitalId, secret);
      return secret;
    },
    async sendEvent(hospitalId, body, opts = {}) {
      const secret = opts.secret ?? (await client.secretFor(hospitalId));
      return request(`/v1/hospitals/${hospitalId}/events`, await signedEventInit(secret, body, opts));
    },
  };
  return client;
}
