import { describe } from 'vitest';
import { handoffScenario } from '../scenarios/handoff.js';
import { startNodeTarget } from '../support/targets.js';

describe('on Node (functions/node.ts, libSQL file, SMTP)', () => handoffScenario(startNodeTarget));
