import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handoffScenario } from '../scenarios/handoff.js';
import { startWorkerTarget, type Target, workerBundle } from '../support/targets.js';

describe('inside workerd (functions/worker.ts as wrangler bundles it) with D1 migrated by wrangler, mail over HTTP, data keys from a secret', () =>
  handoffScenario(() =>
    startWorkerTarget({ database: 'd1', bindings: { RENKEI_DATA_KEYS: `k1:${btoa('k'.repeat(32))}` } }),
  ));

describe('inside workerd with a remote libSQL over HTTP (the Turso deployment: @libsql/client/web), mail over HTTP', () =>
  handoffScenario(() => startWorkerTarget({ database: 'remote-libsql' })));

describe('a Worker configured with SMTP_URL', () => {
  let t: Target;
  beforeAll(async () => {
    t = await startWorkerTarget({ bindings: { SMTP_URL: 'smtp://mail.example.jp:587' } });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('refuses to run and says why (Workers cannot open SMTP connections: use MAIL_API_URL)', async () => {
    const res = await t.fetch('/healthz');
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { detail: string }).detail).toContain('MAIL_API_URL');
  });
});

describe('the Worker bundle', () => {
  it('imports no Node built-in: the shared code uses WebCrypto and fetch, regions come bundled, SMTP stays out', async () => {
    const code = await readFile(join(await workerBundle(), 'worker.js'), 'utf8');
    expect(code.length).toBeGreaterThan(100_000);
    expect(
      code.match(
        /(?:from\s*|import\(\s*|require\(\s*)["'](?:node:)?(?:fs|path|net|tls|crypto|os|child_process|stream|url)(?:\/[a-z]+)?["']/g,
      ),
    ).toBeNull();
    expect(code).not.toContain('node_modules/nodemailer');
  }, 60_000);
});
