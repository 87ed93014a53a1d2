import type { Deps } from '../../engine/deps.js';
import { getCareOffice } from '../../engine/directory/index.js';
import { type OfficeClient, officeClients, previousMonth, recordOfficeRecord } from '../../engine/offices/index.js';
import { DAY_MS as DAY, HOUR_MS as HOUR, jstWallClock } from '../../machines/time.js';
import { DEMO_OFFICES } from './plan.js';

// The first demo office's own records outside a stay (緊急時等居宅カンファレンス, 通院時情報連携), last
// month and this, through the engine call the office page's form makes: a third conference in a month
// and a second clinic visit show as over the cap, one visit lacks the user's consent.

const CONFERENCE = ['requested', 'with_medical_staff', 'recorded_in_plan'];
const VISIT = ['attended', 'information_given', 'information_received', 'consent', 'recorded_in_plan'];

export async function demoOfficeRecords(deps: Deps, end: number): Promise<number> {
  const office = await getCareOffice(deps, DEMO_OFFICES[0]!);
  if (!office) return 0;
  const clients = await officeClients(deps, office);
  if (clients.length === 0) return 0;
  const thisMonth = jstWallClock(end).slice(0, 7);
  const start = Date.parse(`${thisMonth}-01T00:00:00+09:00`);
  const lastStart = Date.parse(`${previousMonth(thisMonth)}-01T00:00:00+09:00`);
  // This month's records fall between its first day and now, whatever day the demo runs on.
  const now = (share: number) => start + Math.floor((end - start) * share);
  const day = (d: number, h: number) => lastStart + (d - 1) * DAY + (h - 9) * HOUR;
  // A small demo's office may have fewer than three clients: they then share the records.
  const [a, b, c] = [0, 1, 2].map((i) => clients[i % clients.length]!) as [OfficeClient, OfficeClient, OfficeClient];
  const records = [
    {
      client: a,
      kind: 'home_conference',
      at: day(6, 14),
      place: '三田市民病院',
      attendees: '主治医 山本、病棟看護師 田中',
      checks: CONFERENCE,
    },
    {
      client: a,
      kind: 'home_conference',
      at: day(13, 15),
      place: '三田市民病院',
      attendees: '主治医 山本',
      checks: CONFERENCE,
    },
    {
      client: a,
      kind: 'home_conference',
      at: day(24, 10),
      place: 'けやき台クリニック',
      attendees: '院長 佐々木',
      checks: CONFERENCE,
    },
    {
      client: a,
      kind: 'clinic_visit',
      at: day(9, 10),
      place: 'けやき台クリニック',
      attendees: '院長 佐々木',
      checks: VISIT,
    },
    {
      client: a,
      kind: 'clinic_visit',
      at: day(23, 11),
      place: 'けやき台クリニック',
      attendees: '院長 佐々木',
      checks: VISIT,
    },
    {
      client: b,
      kind: 'clinic_visit',
      at: day(16, 14),
      place: '三田西病院 整形外科',
      attendees: '',
      checks: VISIT.filter((k) => k !== 'consent'),
    },
    {
      client: c,
      kind: 'home_conference',
      at: now(0.3),
      place: 'ゆりのき台診療所',
      attendees: '医師 中村、訪問看護 森',
      checks: CONFERENCE,
    },
    { client: c, kind: 'clinic_visit', at: now(0.6), place: 'ゆりのき台診療所', attendees: '医師 中村', checks: VISIT },
  ] as const;
  for (const r of records)
    await recordOfficeRecord(
      deps,
      office,
      {
        caseId: r.client.caseId,
        kind: r.kind,
        at: new Date(r.at).toISOString(),
        place: r.place,
        attendees: r.attendees,
        checks: [...r.checks],
      },
      { ip: null, userAgent: 'npm run demo' },
    );
  return records.length;
}
