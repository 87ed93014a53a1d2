import { signWebhook } from '../../engine/crypto/index.js';
import { DAY_MS as DAY, HOUR_MS as HOUR, jstWallClock } from '../../machines/time.js';
import { PRE_ADMISSION_ITEMS } from '../../machines/types.js';
import { noticeLabel } from '../../notifiers/noticeNames.js';
import { jaDate } from '../../notifiers/texts.js';
import { demoNursingSummary } from './nursingSummaries.js';
import { DEMO_DIGEST_HOUR, DEMO_DIGEST_OFFICE, DEMO_NO_MAIL_OFFICE, DEMO_OFFICES, type DemoCase } from './plan.js';
import { demoOtherProviders } from './providers.js';

// Plays the plan against a running server, in time order, through the real paths: hospital
// events as signed webhooks, care managers' answers as POSTs to the task links in their mail
// (read from the development mailbox), sweeps through POST /v1/scheduled. The server's clock is
// moved along with the story (`setNow`), so deadlines, deliveries and leaks fall as they would.

export interface DemoTarget {
  base: string;
  adminToken: string;
  /** Moves the server's clock; the demo's server runs in this process. */
  setNow(iso: string): void;
}

const jstLocal = (ms: number) => jstWallClock(ms).slice(0, 16);

/**
 * In a digest mail, the task link listed under 「・<label>」 in the client's block (「■ <family name> 様 (…・<admission day> 入院)」).
 */
function digestLink(text: string, c: DemoCase, label: string): string | null {
  const family = c.patient.name.split(/[\s\u3000]+/)[0];
  const admitted = `${jaDate(jstWallClock(c.admittedAt).slice(0, 10))} 入院)`;
  const block = text.split('\n■ ').find((b) => b.startsWith(`${family} 様 (`) && b.split('\n')[0]!.endsWith(admitted));
  const lines = block?.split('\n') ?? [];
  const at = lines.findIndex((l) => l.trim() === `・${label}`);
  return at < 0
    ? null
    : (lines
        .slice(at + 1)
        .find((l) => l.includes('/t/'))
        ?.trim() ?? null);
}
const jstDay = (ms: number) => jstWallClock(ms).slice(0, 10);
const iso = (ms: number) => new Date(ms).toISOString();

interface Step {
  at: number;
  order: number;
  run: () => Promise<void>;
}

export async function runDemo(
  target: DemoTarget,
  plan: DemoCase[],
  end: number,
  log: (line: string) => void = () => {},
) {
  const admin = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${target.base}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${target.adminToken}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    if (res.status >= 300) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    // biome-ignore lint/suspicious/noExplicitAny: the demo reads whatever the API answers, field by field
    return res.json() as Promise<any>;
  };
  const hours = { open: '09:00', close: '18:00', closedDays: ['sat', 'sun', 'holiday', 'year_end'] };
  // Towns of 三田市, so the office search finds an office by where it is.
  const towns = [
    'けやき台',
    'ゆりのき台',
    '狭間が丘',
    '富士が丘',
    'あかしあ台',
    '弥生が丘',
    '武庫が丘',
    'すずかけ台',
    '三輪',
    '天神',
    '駅前町',
    '横山町',
  ];
  for (const [i, id] of DEMO_OFFICES.entries()) {
    await admin(`/v1/admin/care-offices/${id}`, {
      method: 'PUT',
      body: {
        name: `三田ケアプランセンター${i + 1}号`,
        email: `cm${i + 1}@demo.example.jp`,
        phone: `079-500-00${String(i + 10)}`,
        fax: `079-500-01${String(i + 10)}`,
        town: `三田市${towns[i % towns.length]}`,
        region: 'sanda',
        businessHours: hours,
        ...(id === DEMO_DIGEST_OFFICE ? { notificationMode: 'digest', digestHour: DEMO_DIGEST_HOUR } : {}),
      },
    });
  }
  await admin(`/v1/admin/care-offices/${DEMO_NO_MAIL_OFFICE}`, {
    method: 'PUT',
    body: {
      name: 'さんだ居宅介護支援 (メール未登録)',
      phone: '079-500-0999',
      fax: '079-500-0998',
      town: '三田市中央町',
      region: 'sanda',
      businessHours: hours,
    },
  });
  await admin('/v1/admin/care-offices/demo-houkatsu', {
    method: 'PUT',
    body: {
      name: '三田市地域包括支援センター',
      kind: 'community_support_center',
      email: 'houkatsu@demo.example.jp',
      phone: '079-500-0500',
      town: '三田市三輪',
      region: 'sanda',
    },
  });
  const secrets = new Map<string, string>();
  for (const h of new Set(plan.map((c) => c.hospitalId)))
    secrets.set(h, (await admin(`/v1/admin/hospitals/${h}/secrets`, { method: 'POST' })).secret);

  let sent = 0;
  const event = async (c: DemoCase, type: string, at: number, data: unknown) => {
    const body = JSON.stringify({ type, hospitalizationId: c.encounter, occurredAt: iso(at), data });
    const id = `demo_${c.encounter}_${++sent}`;
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(`${target.base}/v1/hospitals/${c.hospitalId}/events`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(ts),
        'webhook-signature': await signWebhook(secrets.get(c.hospitalId)!, id, ts, body),
      },
    });
    if (res.status !== 202) throw new Error(`${c.encounter} ${type}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { caseId: string };
  };
  const sweep = () => admin('/v1/scheduled', { method: 'POST', body: {} });
  const caseIds = new Map<number, string>();
  /** The link in the newest mail of this kind for the case (the development mailbox keeps the text). */
  const linkIn = async (c: DemoCase, notices: string[]): Promise<string | null> => {
    const detail = await admin(`/v1/admin/hospitalizations/${caseIds.get(c.index)}`);
    const held = (
      detail.timeline as { kind: string; notice?: string; noticeId?: string; digestId?: string | null }[]
    ).filter((t) => t.kind === 'notice' && notices.includes(t.notice!));
    const ids = held.map((t) => t.noticeId!);
    const mails = (await (await fetch(`${target.base}/dev/mailbox.json`)).json()) as {
      items: { outboxId: string; text: string }[];
    };
    const mail = mails.items.find((m) => ids.includes(m.outboxId));
    if (mail) return /https?:\/\/\S+\/t\/[A-Za-z0-9_.-]+/.exec(mail.text)?.[0] ?? null;
    // Held for the office's daily digest: the link under this client's line of what happened.
    for (const t of held) {
      const digest = t.digestId && mails.items.find((m) => m.outboxId === t.digestId);
      if (digest) return digestLink(digest.text, c, noticeLabel(t.notice!));
    }
    return null;
  };
  /** When the care manager reads a notice queued at `t`: at once, or an hour after the office's next digest. */
  const readAt = (officeId: string | null, t: number, delay: number) => {
    if (officeId !== DEMO_DIGEST_OFFICE) return t + delay;
    const day = Date.parse(`${jstDay(t)}T00:00:00+09:00`);
    const sent = (t < day + DEMO_DIGEST_HOUR * HOUR ? day : day + DAY) + DEMO_DIGEST_HOUR * HOUR;
    // A sweep at the digest hour sends the digest: steps run before their own sweep, so the reading
    // an hour later would otherwise find no digest when no other step fell in between.
    at(sent, async () => {});
    return sent + HOUR;
  };
  const answer = async (link: string | null, form: Record<string, string>): Promise<string | null> => {
    if (!link) return null;
    const res = await fetch(link, { method: 'POST', body: new URLSearchParams({ confirm: 'yes', ...form }) });
    const html = await res.text();
    return /href="(https?:\/\/[^"]+\/t\/[^"]+)"/.exec(html)?.[1] ?? null;
  };

  const steps: Step[] = [];
  let order = 0;
  const at = (when: number, run: () => Promise<void>) => {
    if (when <= end) steps.push({ at: when, order: order++, run });
  };
  for (const c of plan) {
    const a = c.admittedAt;
    const routeB = c.kind === 'routeB' || c.kind === 'leak_nocm';
    const home = ['normal', 'routeB', 'stuck_careplan', 'leak_sudden', 'leak_late', 'leak_nocm'].includes(c.kind);
    let nextLink: string | null = null;
    at(a, async () => {
      caseIds.set(
        c.index,
        (
          await event(c, 'admitted', a, {
            patient: c.patient,
            // One stay in four is on a 療養病棟 (入退院支援加算 1,300/635点, interview within 14 days);
            // one in three was a planned admission supported beforehand (入院時支援加算: all of
            // (ア)〜(ク), or (ア)(イ)(ク) only).
            ...(c.index % 4 === 3
              ? { ward: '療養病棟', wardType: 'long_term_care' }
              : { ward: `${(c.index % 5) + 2}階病棟`, wardType: 'general' }),
            ...(c.index % 3 === 0
              ? {
                  preAdmissionSupport: {
                    at: new Date(a - 4 * DAY).toISOString(),
                    items:
                      c.index % 2 === 0
                        ? PRE_ADMISSION_ITEMS
                        : ['patient_background', 'prior_services', 'ward_orientation'],
                  },
                }
              : {}),
            careOfficeId: c.officeId,
            usedCareServices: !routeB,
            // 他の事業所への写し: some stays name the patient's visiting nurse or day service.
            ...(c.officeId && demoOtherProviders(c.index).length > 0
              ? { otherProviders: demoOtherProviders(c.index) }
              : {}),
          })
        ).caseId,
      );
    });
    if (c.kind !== 'stuck_screening')
      at(a + 5 * HOUR, async () => {
        await event(c, 'discharge_difficulty_screened', a + 5 * HOUR, { difficult: c.difficult });
      });
    if (c.difficult && c.kind !== 'stuck_screening')
      at(a + 2 * DAY, async () => {
        await event(c, 'patient_family_interviewed', a + 2 * DAY, {});
      });
    if (c.officeId && c.officeId !== DEMO_NO_MAIL_OFFICE) {
      const read = readAt(c.officeId, a, 2 * HOUR);
      at(read, async () => {
        nextLink = await answer(await linkIn(c, ['admission_notice']), {});
      });
      const provided = Math.max(a + 20 * HOUR, read + 2 * HOUR);
      if (c.kind !== 'stuck_sheet') {
        at(provided, async () => {
          await answer(nextLink, {
            providedAt: jstLocal(provided),
            means: (['fax', 'face_to_face', 'mail'] as const)[c.index % 3]!,
          });
        });
      }
    }
    if (routeB) {
      at(a + 3 * HOUR, async () => {
        await event(c, 'eligibility_screened', a + 3 * HOUR, {
          age: 80 + (c.index % 10),
          criteria: ['standing_walking'],
          wantsServices: true,
        });
      });
      if (c.kind === 'routeB') {
        const office = DEMO_OFFICES[c.index % DEMO_OFFICES.length]!;
        at(a + DAY, async () => {
          await event(c, 'insurance_application_supported', a + DAY, { by: 'family' });
        });
        at(a + 2 * DAY, async () => {
          await event(c, 'care_manager_assigned', a + 2 * DAY, { careOfficeId: office, expectedCareLevel: 'care' });
        });
        const contacted = readAt(office, a + 2 * DAY, 3 * HOUR);
        at(contacted, async () => {
          await answer(await linkIn(c, ['assignment_request']), { contactedAt: jstLocal(contacted) });
        });
      }
    }
    if (
      c.kind === 'stuck_sheet' ||
      c.kind === 'stuck_identify' ||
      c.kind === 'stuck_nomail' ||
      c.kind === 'stuck_screening'
    )
      continue;
    const e = c.endsAt;
    // A hospital that shares the expected length of stay owes the discharge-start notice before it
    // (with reminders to its window); the demo's leaks, transfers and deaths are the stays whose
    // end nobody foresaw, so their plan names no length.
    const foreseen = !['leak_sudden', 'leak_late', 'leak_nocm', 'transfer', 'died'].includes(c.kind);
    at(a + 2 * DAY + HOUR, async () => {
      await event(c, 'treatment_plan_shared', a + 2 * DAY + HOUR, {
        expectedLengthOfStayDays: foreseen ? Math.round((e - a) / DAY) : null,
      });
    });
    if (c.kind === 'transfer') {
      at(e, async () => {
        await event(c, 'transferred', e, { toHospitalName: '神戸の急性期病院' });
      });
      continue;
    }
    if (c.kind === 'died') {
      at(e, async () => {
        await event(c, 'died', e, {});
      });
      continue;
    }
    if (c.kind === 'leak_nocm') {
      at(e, async () => {
        await event(c, 'discharged', e, { destination: 'home', nursingSummarySent: true });
      });
      continue;
    }
    // On time: 8 to 11 days ahead, before any reminder of the hospital's deadline (the business day
    // before the region's lead days, a long weekend earlier); a stay too short for that starts its
    // discharge planning just before the treatment plan, which then opens no deadline.
    const start =
      c.kind === 'leak_late' ? e - DAY : Math.max(e - (8 + (c.index % 4)) * DAY, a + 2 * DAY + 30 * 60 * 1000);
    const lead = (e - start) / DAY;
    if (c.kind !== 'leak_sudden') {
      at(start, async () => {
        await event(c, 'discharge_planning_started', start, { expectedDischargeDate: jstDay(e) });
      });
      if (lead > 2)
        at(e - 2 * DAY, async () => {
          await event(c, 'conference_held', e - 2 * DAY, {
            participants: [{ profession: 'nurse' }, { profession: 'msw' }, { profession: 'care_manager' }],
          });
        });
    }
    at(e, async () => {
      await event(c, 'discharged', e, {
        destination: home ? 'home' : 'facility',
        nursingSummarySent: true,
        // 地域連携診療計画加算: a regional care plan went with one patient in five.
        ...(c.index % 5 === 0 ? { regionalCarePlan: true } : {}),
      });
    });
    // Sanda A⑤ 看護サマリー: one home stay in three gets its summary as data half an hour after leaving.
    if (home && c.index % 3 === 0)
      at(e + 30 * 60 * 1000, async () => {
        await event(c, 'nursing_summary_sent', e + 30 * 60 * 1000, { summary: demoNursingSummary(c.index, e) });
      });
    if (home && c.kind !== 'stuck_careplan') {
      // The mailbox shows the newest 100 mails: take the link while the notice is fresh.
      let carePlanLink: string | null = null;
      // Route B's office is the one assigned during the stay.
      const office = c.kind === 'routeB' ? DEMO_OFFICES[c.index % DEMO_OFFICES.length]! : c.officeId;
      const read = readAt(office, e, HOUR);
      at(read, async () => {
        carePlanLink = await linkIn(c, ['discharge_notice', 'sudden_discharge_notice']);
      });
      const sentAt = Math.max(e + (2 + (c.index % 4)) * DAY, read + HOUR);
      at(sentAt, async () => {
        await answer(carePlanLink, { sentOn: jstDay(sentAt) });
      });
    }
  }
  // Sweeps every six hours fire the deadline timers as the month goes by.
  for (let t = Math.min(...plan.map((c) => c.admittedAt)); t <= end; t += 6 * HOUR) at(t, async () => {});
  steps.sort((x, y) => x.at - y.at || x.order - y.order);
  let done = 0;
  for (const step of steps) {
    target.setNow(iso(step.at));
    await step.run();
    await sweep();
    if (++done % 500 === 0) log(`  ${done}/${steps.length} steps (${jstDay(step.at)})`);
  }
  target.setNow(iso(end));
  await sweep();
  return { caseIds, steps: steps.length };
}
