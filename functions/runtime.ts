import { migrateDatabase, openDatabase } from '../db/client.js';
import type { LibsqlDatabase } from '../db/database.js';
import { caseTurns, groupCommit } from '../engine/cases/index.js';
import type { Config } from '../engine/config.js';
import type { Deps } from '../engine/deps.js';
import { jsonLogger, type Logger } from '../engine/log.js';
import { devMailboxSender, smtpSender } from '../notifiers/email.js';
import { emailGatewayFax, type FaxSender, httpFax } from '../notifiers/fax.js';
import { renderFaxPdf } from '../notifiers/faxPdf.js';
import { httpMailSender } from '../notifiers/httpMail.js';
import { pdfLibTools } from '../notifiers/pdfTools.js';
import { twilioSender } from '../notifiers/sms.js';
import { loadRegionPacks } from '../regions/load.js';
import { assembleDeps } from './engineDeps.js';

/** On Node the database is always libSQL, whose client tools such as the benches use directly. */
export type NodeDeps = Deps & { database: LibsqlDatabase };

/** Opens the database, applies migrations, loads the region packs: everything a Node process needs. */
export async function startEngine(config: Config, options: { log?: Logger; now?: () => Date } = {}): Promise<NodeDeps> {
  const log = options.log ?? jsonLogger();
  const now = options.now ?? (() => new Date());
  const database = await openDatabase(config.databaseUrl, config.databaseAuthToken, config.databaseBusyTimeoutMs, {
    statementCache: config.statementCache,
    writeThread: config.writeThread,
    readThread: config.readThread,
  });
  await migrateDatabase(database, config.databaseBusyTimeoutMs);
  const email = config.mailApiUrl
    ? httpMailSender({
        url: config.mailApiUrl,
        token: config.mailApiToken,
        from: config.mailFrom,
        timeoutMs: config.notifierTimeoutMs,
      })
    : config.smtpUrl
      ? smtpSender(config.smtpUrl, config.mailFrom, {
          timeoutMs: config.notifierTimeoutMs,
          pool: config.smtpPool ? config.notifierConcurrency : 0,
        })
      : devMailboxSender(database.db, now);
  const fax: FaxSender | null =
    config.fax.provider === 'email-gateway'
      ? emailGatewayFax(email, config.fax.domain)
      : config.fax.provider === 'http'
        ? httpFax(config.fax.url, config.fax.token, fetch, config.notifierTimeoutMs)
        : null;
  const sms = config.twilio ? twilioSender({ ...config.twilio, timeoutMs: config.notifierTimeoutMs }) : null;
  // The database passed in is the libSQL one opened above.
  const deps = (await assembleDeps({
    database,
    packs: await loadRegionPacks(),
    config,
    email,
    sms,
    fax,
    renderFaxPdf,
    pdfTools: pdfLibTools,
    now,
    log,
    measureBatchesAtStart: Infinity,
  })) as NodeDeps;
  if (config.groupCommit) {
    deps.commitEvent = groupCommit((statements) => database.commit(statements));
    deps.caseTurns = caseTurns();
  }
  return deps;
}
