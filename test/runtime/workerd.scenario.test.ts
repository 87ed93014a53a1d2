import { describe } from 'vitest';
import { handoffScenario } from '../scenarios/handoff.js';
import { startWorkerTarget } from '../support/targets.js';

describe('inside workerd (functions/worker.ts as wrangler bundles it) with D1 migrated by wrangler, mail over HTTP', () =>
  handoffScenario(() => startWorkerTarget({ database: 'd1' })));

describe('inside workerd with a remote libSQL over HTTP (the Turso deployment: @libsql/client/web), mail over HTTP', () =>
  handoffScenario(() => startWorkerTarget({ database: 'remote-libsql' })));
