import { Hono } from 'hono';
import { todayFor } from '../../../engine/console/index.js';
import type { Deps } from '../../../engine/deps.js';
import { listHospitals } from '../../../engine/directory/index.js';
import { jstDate } from '../../../machines/calendar.js';
import type { AppEnv } from '../../env.js';
import { TodayPage } from '../../pages/console/today.js';
import { pageContext } from './session.js';

/** Today's work, mounted at /console/today behind the console's session: staff see their hospital, administrators pick one. */
export function consoleTodayPages(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const principal = c.get('principal');
    const hospitals = (await listHospitals(deps)).map((h) => ({ id: h.id, name: h.name }));
    const asked = c.req.query('hospital') || null;
    const hospitalId = principal.role === 'admin' ? asked : principal.hospitalId;
    const hospital = hospitals.find((h) => h.id === hospitalId) ?? null;
    const rows = hospital ? await todayFor(deps, hospital.id) : [];
    return c.html(
      <TodayPage
        ctx={pageContext(c)}
        hospitalName={hospital?.name ?? null}
        hospitals={principal.role === 'admin' ? hospitals : null}
        hospitalId={hospital?.id ?? null}
        today={jstDate(deps.now())}
        rows={rows}
      />,
      hospitalId && !hospital ? 404 : 200,
    );
  });
  return app;
}
