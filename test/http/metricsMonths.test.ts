import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleClient } from '../support/console.js';
import { startTestServer, type TestServer } from '../support/server.js';

// A month out of range is a wrong question, not a server fault: the API answers 400 naming the
// field, the console says so in Japanese next to the month.

const OUT_OF_RANGE = ['9999-12', '0000-01', '2026-13', '2026-00'];

describe('metrics: a month out of range is refused clearly', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await s.admin('/v1/admin/accounts', {
      method: 'POST',
      body: { loginId: 'center', name: '支援センター', role: 'admin', password: 'center-password-1' },
    });
  });
  afterAll(async () => {
    await s.close();
  });

  it.each(OUT_OF_RANGE)(
    'the API answers month=%s (JSON and CSV) with 400 problem+json naming the field month',
    async (month) => {
      for (const format of ['json', 'csv']) {
        const res = await s.admin(`/v1/admin/metrics?month=${month}&format=${format}`);
        expect(res.status, `${month} ${format}`).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        const body = (await res.json()) as { errors: { field: string }[] };
        expect(body.errors.map((e) => e.field)).toEqual(['month']);
      }
    },
  );

  it('the first and last months of the range are answered', async () => {
    for (const month of ['2000-01', '2999-12']) {
      const res = await s.admin(`/v1/admin/metrics?month=${month}`);
      expect(res.status, month).toBe(200);
      expect(((await res.json()) as { month: string }).month).toBe(month);
    }
  });

  it.each(OUT_OF_RANGE)(
    'the console page and its CSV answer month=%s with 400 and a Japanese message',
    async (month) => {
      const c = consoleClient(s);
      await c.login('center', 'center-password-1');
      const page = await c.get(`/console/metrics?month=${month}`);
      expect(page.status).toBe(400);
      expect(await page.text()).toContain('月は 2000年1月 から 2999年12月 までで指定してください');
      const csv = await c.get(`/console/metrics.csv?month=${month}`);
      expect(csv.status).toBe(400);
      expect(await csv.text()).toContain('月は 2000年1月 から 2999年12月 までで指定してください');
    },
  );
});
