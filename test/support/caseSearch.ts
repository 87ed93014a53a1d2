import { CASE_PAGE_SIZE } from '../../engine/console/index.js';
import { admittedEvent, registerCareOffice, type TestServer } from './server.js';

// The stays the case-search tests (HTTP and browser) look for: exactly one page of 三田市民病院's
// stays and one more at 三田西病院, so the administrator's list runs one over the page and the
// staff's fills it exactly. 山田 花子 stays at both hospitals; 佐藤 一郎 is ゆりのき's only client.

export const HANAKO = { name: '山田 花子', birthDate: '1941-05-02' };
export const YURINOKI = { id: 'sanda-other', name: 'ゆりのき居宅介護支援事業所', phone: '079-222-3333' };

/** An admission of `id` for `patient`, with `careOfficeId` as its care office. */
export function admittedFor(
  id: string,
  patient: { name: string; birthDate: string },
  careOfficeId = 'sanda-kyotaku-01',
) {
  const e = admittedEvent(id, { careOfficeId, occurredAt: '2026-12-04T10:00:00+09:00' });
  return { ...e, data: { ...e.data, patient } };
}

/** Registers the two care offices and admits the stays above (S-0000 … S-0099 at 三田市民病院, N-0001 at 三田西病院). */
export async function seedCaseSearch(s: TestServer): Promise<void> {
  await registerCareOffice(s);
  await s.admin(`/v1/admin/care-offices/${YURINOKI.id}`, {
    method: 'PUT',
    body: { name: YURINOKI.name, phone: YURINOKI.phone, email: 'yuri@example.jp', region: 'sanda' },
  });
  const shimin = Array.from({ length: CASE_PAGE_SIZE }, (_, i) =>
    i === 0
      ? admittedFor('S-0000', HANAKO)
      : i === 1
        ? admittedFor('S-0001', { name: '佐藤 一郎', birthDate: '1938-01-15' }, YURINOKI.id)
        : admittedFor(`S-${String(i).padStart(4, '0')}`, { name: `患者 ${i}`, birthDate: '1940-01-01' }),
  );
  for (let i = 0; i < shimin.length; i += 10) {
    const sent = await Promise.all(shimin.slice(i, i + 10).map((e) => s.sendEvent('sanda-shimin', e)));
    for (const res of sent) if (res.status !== 202) throw new Error(`admission refused: ${res.status}`);
  }
  const nishi = await s.sendEvent('sanda-nishi', admittedFor('N-0001', HANAKO));
  if (nishi.status !== 202) throw new Error(`admission at 三田西病院 refused: ${nishi.status}`);
}
