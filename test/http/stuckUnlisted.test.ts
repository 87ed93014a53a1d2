import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema.js';
import { listStuck } from '../../engine/console/index.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

// People read names, never ids: a stuck item whose recipient the directory no longer lists (an account,
// the administrator of a region no longer loaded) names it in Japanese on the stuck list; the id stays
// beside the name for the API.

describe('the stuck list names a recipient the directory no longer lists in Japanese, never by its id', () => {
  let s: TestServer;
  let caseId: string;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await registerCareOffice(s);
    const res = await s.sendEvent('sanda-shimin', admittedEvent('E-unlisted'));
    expect(res.status).toBe(202);
    caseId = ((await res.json()) as { caseId: string }).caseId;
  });
  afterAll(async () => {
    await s.close();
  });

  it.each([
    ['account', 'acct_gone_0000000000', '(名簿にないアカウント)'],
    ['region_administrator', 'a-region-no-longer-loaded', '(読み込まれていない地域の管理者)'],
  ] as const)('a dead escalation to an unlisted %s (%s) reads %s', async (kind, recipientId, name) => {
    const { db } = s.running.deps.database;
    const now = s.clock.now().getTime();
    // A dead escalation, as dispatch leaves one after its retries, to a recipient gone from the directory.
    await db.insert(outbox).values({
      id: `ntc_unlisted_${kind}`,
      caseId,
      notice: 'escalation_notice',
      channel: 'email',
      route: 'email',
      recipientKind: kind,
      recipientId,
      idempotencyKey: `unlisted:${kind}`,
      status: 'dead',
      attempts: 6,
      nextAttemptAt: now,
      createdAt: now,
      lastError: '550 5.1.1 user unknown',
    });
    const item = (await listStuck(s.running.deps, { caseId })).find((i) => i.noticeId === `ntc_unlisted_${kind}`);
    expect(item?.owner).toMatchObject({ kind, id: recipientId, name });
    expect(item?.missedStep).toBe('通知の不達: 期限超過の報告');
    expect(item?.hospitalName).toBe('三田市民病院');
  });
});
