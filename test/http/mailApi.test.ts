import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailApi, type TestMailApi } from '../support/mailApi.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

type Timeline = { timeline: { kind: string; status?: string; detail?: string | null; providerId?: string | null }[] };

// The adapter Workers use (no SMTP there) works on Node too, when MAIL_API_URL is set.
describe('email over an HTTP mail API (MAIL_API_URL): one JSON POST per notice', () => {
  let s: TestServer;
  let api: TestMailApi;
  beforeAll(async () => {
    api = await startMailApi();
    s = await startTestServer({ smtp: false, env: { MAIL_API_URL: api.url, MAIL_API_TOKEN: 'mail-api-token' } });
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
    await api.close();
  });

  const timeline = async (caseId: string) =>
    ((await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as Timeline).timeline;

  it('a notice is posted with the bearer token, the notice id as Message-ID, and the text of the notice', async () => {
    const res = await s.sendEvent('sanda-shimin', admittedEvent('E-api-1'));
    const { caseId } = (await res.json()) as { caseId: string };
    const [mail] = await api.waitFor(1);
    expect(mail!.subject).toBe('【入院のお知らせ】三田市民病院');
    expect(api.authorizations).toEqual(['Bearer mail-api-token']);
    const notice = (await timeline(caseId)).find((t) => t.kind === 'delivery')!;
    expect(notice.status).toBe('sent');
    expect(notice.detail).toBe('http-api');
    expect(notice.providerId).toBe('api-1');
    expect(mail!.messageId).toMatch(/^<ntc_.+@renkei>$/);
  });

  it('an answer other than 2xx is a failed attempt, retried after the backoff like an SMTP outage', async () => {
    api.refuseNext(1);
    const { caseId } = (await (await s.sendEvent('sanda-shimin', admittedEvent('E-api-2'))).json()) as {
      caseId: string;
    };
    await waitUntil(async () => (await timeline(caseId)).some((t) => t.kind === 'delivery'));
    expect((await timeline(caseId)).find((t) => t.kind === 'delivery')!.detail).toContain('mail API answered 503');
    const later = await s.sweep('2026-12-04T11:05:00+09:00');
    expect(later.noticesSent).toBe(1);
    expect(api.mails).toHaveLength(2);
  });
});
