import { readConfig } from '../../engine/config.js';
import { upsertCareOffice } from '../../engine/directory/index.js';
import { silentLogger } from '../../engine/log.js';
import type { NodeDeps } from '../../functions/runtime.js';
import { startEngine } from '../../functions/runtime.js';

/** The engine in the bench's own process on a database file, with `careOffices` offices that take email. */
export async function benchEngine(
  path: string,
  options: { careOffices?: number; env?: Record<string, string> } = {},
): Promise<{ deps: NodeDeps; hospitals: { id: string; secret: string }[]; offices: string[] }> {
  const config = readConfig({
    DATABASE_URL: `file:${path}`,
    RENKEI_ADMIN_TOKEN: 'x'.repeat(20),
    SCHEDULE_INTERVAL_SECONDS: '0',
    ...options.env,
  });
  const deps = await startEngine(config, { log: silentLogger });
  const offices: string[] = [];
  for (let i = 1; i <= (options.careOffices ?? 20); i++) {
    const id = `sanda-bench-office-${String(i).padStart(3, '0')}`;
    await upsertCareOffice(deps, id, { name: `ベンチ居宅${i}`, email: `office${i}@bench.example.jp` });
    offices.push(id);
  }
  const hospitals = (await deps.database.db.query.hospitals.findMany())
    .filter((h) => h.regionId === 'sanda')
    .map((h) => ({ id: h.id, secret: 'unused' }));
  return { deps, hospitals, offices };
}
