import { admittedEvent, type TestServer, taskLinks } from './server.js';
import { waitUntil } from './wait.js';

/**
 * A stay admitted on 12/4 and discharged home on 12/20 10:00 (the nursing summary sent), the care
 * office's notice read off the test SMTP server: its care-plan task link (A⑤ ケアプランの写し). Leaves the
 * clock at 12/22 10:00, two days on.
 */
export async function dischargedStay(s: TestServer, hospital: string, encounter: string) {
  const before = s.smtp!.mails.length;
  const admitted = await s.sendEvent(hospital, admittedEvent(encounter));
  const { caseId } = (await admitted.json()) as { caseId: string };
  s.clock.set('2026-12-20T10:05:00+09:00');
  await s.sendEvent(hospital, {
    type: 'discharged',
    hospitalizationId: encounter,
    occurredAt: '2026-12-20T10:00:00+09:00',
    data: { destination: 'home', nursingSummarySent: true },
  });
  let link: string | undefined;
  // The notice is sent after the commit: on a loaded machine, seconds later.
  await waitUntil(() => {
    link = s.smtp!.mails.slice(before).flatMap((m) => (m.subject.includes('退院') ? taskLinks(m.text) : []))[0];
    return link !== undefined;
  }, 30_000);
  s.clock.set('2026-12-22T10:00:00+09:00');
  return { caseId, link: link! };
}
