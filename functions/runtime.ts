import { commitAtomically, migrateDatabase, openDatabase } from '../db/client.js';
import type { Config } from '../engine/config.js';
import type { Deps } from '../engine/deps.js';
import { syncRegionDirectory } from '../engine/directory.js';
import { groupCommit } from '../engine/groupCommit.js';
import { jsonLogger, type Logger } from '../engine/log.js';
import { loadSigningKey } from '../engine/signingKey.js';
import { devMailboxSender, smtpSender } from '../notifiers/email.js';
import { loadRegionPacks } from '../regions/load.js';

/** Opens the database, applies migrations, loads the region packs: everything a Node process needs. */
export async function startEngine(config: Config, options: { log?: Logger; now?: () => Date } = {}): Promise<Deps> {
  const log = options.log ?? jsonLogger();
  const now = options.now ?? (() => new Date());
  const database = await openDatabase(config.databaseUrl, config.databaseAuthToken);
  await migrateDatabase(database);
  const packs = await loadRegionPacks();
  const deps: Deps = {
    database,
    regions: new Map(packs.map((p) => [p.id, p])),
    config,
    signingKey: await loadSigningKey(database, config.secret),
    email: config.smtpUrl ? smtpSender(config.smtpUrl, config.mailFrom) : devMailboxSender(database.db, now),
    now,
    log,
  };
  if (config.groupCommit) deps.commitEvent = groupCommit((statements) => commitAtomically(database.client, statements));
  await syncRegionDirectory(deps, packs);
  log.info('engine ready', { regions: packs.map((p) => p.id).join(','), email: deps.email.kind, production: config.production });
  return deps;
}
