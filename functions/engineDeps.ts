import type { Database } from '../db/database.js';
import { deriveMissingMeasures } from '../engine/cases/index.js';
import type { Config } from '../engine/config.js';
import { loadDataKeys, loadSecretKeys } from '../engine/crypto/index.js';
import type { Deps } from '../engine/deps.js';
import { syncRegionDirectory } from '../engine/directory/index.js';
import type { Logger } from '../engine/log.js';
import type { EmailSender } from '../notifiers/email.js';
import type { FaxSender } from '../notifiers/fax.js';
import type { SmsSender } from '../notifiers/sms.js';
import type { RegionPack } from '../regions/schema.js';

export interface EngineParts {
  database: Database;
  packs: RegionPack[];
  config: Config;
  email: EmailSender;
  /** SMS and FAX are channels only where configured. */
  sms?: SmsSender | null;
  fax?: FaxSender | null;
  renderFaxPdf?: Deps['renderFaxPdf'];
  pdfTools?: Deps['pdfTools'];
  now: () => Date;
  log: Logger;
  /**
   * Batches of older stays whose console measures are derived at start (engine/measures.ts): all of
   * them for a Node process; a Worker's first request waits for a bounded share, the rest come at
   * later cold starts.
   */
  measureBatchesAtStart?: number;
}

/** What every runtime does once its parts are chosen: signing key, region directory, ready. */
export async function assembleDeps(parts: EngineParts): Promise<Deps> {
  const { database, packs, config, email, now, log, sms = null, fax = null, renderFaxPdf, pdfTools } = parts;
  const deps: Deps = {
    database,
    regions: new Map(packs.map((p) => [p.id, p])),
    config,
    keys: await loadSecretKeys(database, config.secret),
    dataKeys: await loadDataKeys(database, config.dataKeys),
    email,
    sms,
    fax,
    renderFaxPdf,
    pdfTools,
    now,
    log,
  };
  await syncRegionDirectory(deps, packs);
  await deriveMissingMeasures(deps, parts.measureBatchesAtStart ?? 10);
  log.info('engine ready', {
    regions: packs.map((p) => p.id).join(','),
    email: email.kind,
    sms: sms?.kind ?? 'off',
    fax: fax?.kind ?? 'off',
    database: database.backend,
    production: config.production,
    dataKey: deps.dataKeys.current,
  });
  return deps;
}
