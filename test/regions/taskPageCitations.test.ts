import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../engine/cases/index.js';
import { TaskPage } from '../../functions/pages/taskPages.js';
import type { TaskKind } from '../../machines/types.js';
import { regionPacks } from '../../regions/index.generated.js';
import type { RegionPack } from '../../regions/schema.js';

// BRIEF: a care manager's task page cites the case's region's own rule and days, never Sanda's A⑤.
function page(pack: RegionPack, kind: TaskKind, withinDays = pack.rule.informationSheet.withinDays): string {
  const view: TaskView = {
    task: { id: 'task_x', kind, status: 'open', doneAt: null, expiresAt: '2026-12-20T00:00:00.000Z' },
    hospital: { name: '市民病院', window: { name: '地域連携室', phone: '0000-00-0000', fax: null } },
    officeName: 'ケアプランセンターさくら',
    transferredFrom: null,
    patient: { name: '山田 花子', birthDate: '1941-05-02' },
    ward: '4階東病棟',
    admittedOn: '2026-12-04',
    informationSheet: { dueOn: '2026-12-06', status: 'open', withinDays },
    expectedDischargeDate: null,
    dischargedOn: '2026-12-10',
    state: 'carePlanCopy',
    rule: { document: pack.document },
    regionId: pack.id,
    sheetNotNeeded: { offered: false, withinDays: pack.rule.repeatAdmission?.withinDays ?? null, agreed: null },
  };
  return String(
    TaskPage({
      view,
      form: { values: {}, errors: [] },
      nowLocal: '2026-12-10T10:00',
      today: '2026-12-10',
      taskPath: '/t/x',
    }),
  );
}

describe('task pages cite the region’s own rule and days', () => {
  it.each(regionPacks.map((p) => [p.id, p] as const))('%s', (id, pack) => {
    for (const kind of ['confirm_care_plan_copy', 'report_hospital_contact', 'report_information_sheet'] as const) {
      const html = page(pack, kind);
      if (kind !== 'report_information_sheet') expect(html).toContain(pack.document.name);
      if (id !== 'sanda') expect(html).not.toMatch(/[AB][①②③④⑤]|三田/);
      expect(html).not.toMatch(/\(\s*\)/);
    }
  });

  it('the information-sheet days come from the region', () => {
    const sasebo = regionPacks.find((p) => p.id === 'sasebo')!;
    expect(page(sasebo, 'report_information_sheet', 5)).toContain('(入院日を含め5日以内)');
  });
});
