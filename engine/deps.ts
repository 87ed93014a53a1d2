import type { Database, Statement } from '../db/database.js';
import type { EmailSender } from '../notifiers/email.js';
import type { FaxSender } from '../notifiers/fax.js';
import type { FaxDocument } from '../notifiers/faxDocument.js';
import type { PdfTools } from '../notifiers/pdfTools.js';
import type { SmsSender } from '../notifiers/sms.js';
import type { RegionPack } from '../regions/schema.js';
import type { Config } from './config.js';
import type { DataKeys, SecretKeys } from './crypto/index.js';
import type { Logger } from './log.js';

/** Everything the engine needs from the runtime; each entry point (Node, Workers, tests) builds one. */
export interface Deps {
  database: Database;
  regions: ReadonlyMap<string, RegionPack>;
  config: Config;
  /** Keys derived from RENKEI_SECRET: task-link signatures, the patient hash (engine/crypto/signingKey.ts). */
  keys: SecretKeys;
  /** AES-GCM keys for personal data at rest (engine/dataKeys.ts). */
  dataKeys: DataKeys;
  email: EmailSender;
  /** Null when SMS is not configured: SMS is then simply not a channel. */
  sms: SmsSender | null;
  /** Null with FAX_PROVIDER=none. */
  fax: FaxSender | null;
  /** Renders a FAX as a PDF; Node only (fonts are files), absent on Workers, where FAX is then not a channel. */
  renderFaxPdf?: ((doc: FaxDocument) => Promise<Uint8Array>) | undefined;
  /** Reads and joins uploaded PDFs (a care plan's copy); Node only. Absent: pages are not counted, no FAX joins them. */
  pdfTools?: PdfTools | undefined;
  now(): Date;
  log: Logger;
  /** Called after a commit that queued notices, so a runtime can dispatch without waiting for the next sweep. */
  afterCommit?(): void;
  /** How one event's atomic write is committed; absent: in its own transaction (see eventCommit.ts). */
  commitEvent?: CommitEvent;
  /**
   * Events of one case taking turns in this process (load → transition → commit, one after the other);
   * set with group commit, where events of one case meeting in a group would fail it on their lock.
   */
  caseTurns?: CaseTurns;
  /** How many timers and notices one sweep takes at most (a runtime may cap the queries per invocation). */
  sweepLimits?: { timers: number; notices: number };
}

/** Commits one event's atomic write: all its statements hold, or none does. */
export type CommitEvent = (statements: Statement[]) => Promise<void>;

/** Runs `turn` after every earlier turn of the same key has ended; `waited` says whether one had to. */
export type CaseTurns = <T>(key: string, turn: (waited: boolean) => Promise<T>) => Promise<T>;
