import { describe } from 'vitest';
import { handoffScenario } from '../scenarios/handoff.js';
import { startWorkerTarget } from '../support/targets.js';

describe('inside workerd (functions/worker.ts bundled by wrangler, D1 migrated by wrangler, HTTP mail API)', () => handoffScenario(startWorkerTarget));
