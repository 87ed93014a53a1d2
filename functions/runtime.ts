import { migrateDatabase, openDatabase } from '../db/client.js';
import type { Config } from '../engine/config.js';
import type { Deps } from '../engine/deps.js';
import { jsonLogger, type Logger } from '../engine/log.js';
import { devMailboxSender, smtpSender } from '../notifiers/email.js';
import { httpMailSender } from '../notifiers/httpMail.js';
import { loadRegionPacks } from '../regions/load.js';
import { assembleDeps } from './engineDeps.js';

/** Opens the database, applies migrations, loads the region packs: everything a Node process needs. */
export async function startEngine(config: Config, options: { log?: Logger; now?: () => Date } = {}): Promise<Deps> {
  const log = options.log ?? jsonLogger();
  const now = options.now ?? (() => new Date());
  const database = await openDatabase(config.databaseUrl, config.databaseAuthToken);
  await migrateDatabase(database);
  const email = config.mailApiUrl ? httpMailSender({ url: config.mailApiUrl, token: config.mailApiToken, from: config.mailFrom })
    : config.smtpUrl ? smtpSender(config.smtpUrl, config.mailFrom)
      : devMailboxSender(database.db, now);
  return assembleDeps({ database, packs: await loadRegionPacks(), config, email, now, log });
}
