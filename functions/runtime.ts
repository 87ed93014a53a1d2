import { migrateDatabase, openDatabase } from '../db/client.js';
import type { Config } from '../engine/config.js';
import type { Deps } from '../engine/deps.js';
import { syncRegionDirectory } from '../engine/directory.js';
import { jsonLogger, type Logger } from '../engine/log.js';
import { loadSigningKey } from '../engine/signingKey.js';
import { devMailboxSender, smtpSender } from '../notifiers/email.js';
import { emailGatewayFax, httpFax, type FaxSender } from '../notifiers/fax.js';
import { twilioSender } from '../notifiers/sms.js';
import { loadRegionPacks } from '../regions/load.js';

/** Opens the database, applies migrations, loads the region packs: everything a Node process needs. */
export async function startEngine(config: Config, options: { log?: Logger; now?: () => Date } = {}): Promise<Deps> {
  const log = options.log ?? jsonLogger();
  const now = options.now ?? (() => new Date());
  const database = await openDatabase(config.databaseUrl, config.databaseAuthToken);
  await migrateDatabase(database);
  const packs = await loadRegionPacks();
  const email = config.smtpUrl ? smtpSender(config.smtpUrl, config.mailFrom) : devMailboxSender(database.db, now);
  const fax: FaxSender | null = config.fax.provider === 'email-gateway' ? emailGatewayFax(email, config.fax.domain)
    : config.fax.provider === 'http' ? httpFax(config.fax.url, config.fax.token)
      : null;
  const deps: Deps = {
    database,
    regions: new Map(packs.map((p) => [p.id, p])),
    config,
    signingKey: await loadSigningKey(database, config.secret),
    email,
    sms: config.twilio ? twilioSender(config.twilio) : null,
    fax,
    now,
    log,
  };
  await syncRegionDirectory(deps, packs);
  log.info('engine ready', { regions: packs.map((p) => p.id).join(','), email: deps.email.kind, sms: deps.sms?.kind ?? 'off', fax: deps.fax?.kind ?? 'off', production: config.production });
  return deps;
}
