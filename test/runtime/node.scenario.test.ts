import { describe } from 'vitest';
import { handoffScenario } from '../scenarios/handoff.js';
import { startNodeTarget } from '../support/targets.js';

describe('on Node (functions/node.ts) with an embedded libSQL file and SMTP', () =>
  handoffScenario(() => startNodeTarget()));

describe('on Node with a remote libSQL over HTTP (as sqld or Turso) and SMTP', () =>
  handoffScenario(() => startNodeTarget({ database: 'remote-libsql' })));
