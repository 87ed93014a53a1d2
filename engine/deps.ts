import type { Database } from '../db/client.js';
import type { EmailSender } from '../notifiers/email.js';
import type { RegionPack } from '../regions/schema.js';
import type { Config } from './config.js';
import type { CommitEvent } from './eventCommit.js';
import type { Logger } from './log.js';

/** Everything the engine needs from the runtime; each entry point (Node, Workers, tests) builds one. */
export interface Deps {
  database: Database;
  regions: ReadonlyMap<string, RegionPack>;
  config: Config;
  /** Key for task-link signatures. */
  signingKey: Uint8Array;
  email: EmailSender;
  now(): Date;
  log: Logger;
  /** Called after a commit that queued notices, so a runtime can dispatch without waiting for the next sweep. */
  afterCommit?(): void;
  /** How one event's atomic write is committed; absent: in its own transaction (see eventCommit.ts). */
  commitEvent?: CommitEvent;
}
