import type { Database } from '../db/database.js';
import type { Config } from '../engine/config.js';
import type { Deps } from '../engine/deps.js';
import { syncRegionDirectory } from '../engine/directory.js';
import type { Logger } from '../engine/log.js';
import { loadSigningKey } from '../engine/signingKey.js';
import type { EmailSender } from '../notifiers/email.js';
import type { RegionPack } from '../regions/schema.js';

export interface EngineParts {
  database: Database;
  packs: RegionPack[];
  config: Config;
  email: EmailSender;
  now: () => Date;
  log: Logger;
}

/** What every runtime does once its parts are chosen: signing key, region directory, ready. */
export async function assembleDeps(parts: EngineParts): Promise<Deps> {
  const { database, packs, config, email, now, log } = parts;
  const deps: Deps = {
    database,
    regions: new Map(packs.map((p) => [p.id, p])),
    config,
    signingKey: await loadSigningKey(database, config.secret),
    email,
    now,
    log,
  };
  await syncRegionDirectory(deps, packs);
  log.info('engine ready', { regions: packs.map((p) => p.id).join(','), email: email.kind, database: database.backend, production: config.production });
  return deps;
}
