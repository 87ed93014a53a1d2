// The demo's other providers (他の事業所への写し): the visiting nurses and day services some of its
// stays name with the admission, copied on the discharge start and the discharge. Invented names at
// example.jp addresses; the region packs list none.

const NURSES = [
  { kind: 'visiting_nursing', name: 'けやき台訪問看護ステーション', email: 'keyakidai@houmon.demo.example.jp' },
  // FAX first, with an address to fall back on where no FAX gateway is set up (the demo's default):
  // a copy that cannot go anywhere would sit on the stuck list the demo plans exactly.
  {
    kind: 'visiting_nursing',
    name: 'ゆりのき台訪問看護ステーション',
    fax: '079-555-0301',
    email: 'yurinoki@houmon.demo.example.jp',
    preferredChannel: 'fax',
  },
] as const;
const DAY_SERVICES = [
  { kind: 'day_service', name: 'デイサービスあおの', email: 'aono@day.demo.example.jp' },
  { kind: 'day_rehabilitation', name: '通所リハビリテーションかるちゃ', email: 'rehab@day.demo.example.jp' },
] as const;

/** The providers stay `index` names: one stay in four a visiting nurse, one in eight a day service too. */
export function demoOtherProviders(index: number): object[] {
  if (index % 4 !== 1) return [];
  const nurse = NURSES[Math.floor(index / 4) % NURSES.length]!;
  const day = DAY_SERVICES[Math.floor(index / 8) % DAY_SERVICES.length]!;
  return index % 8 === 1 ? [nurse, day] : [nurse];
}
