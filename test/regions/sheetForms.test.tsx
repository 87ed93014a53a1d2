import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SheetContext, writtenAgainst } from '../../engine/notices/index.js';
import { SheetPage } from '../../functions/pages/sheetPages.js';
import { MAX_FAX_PAGES } from '../../notifiers/faxDocument.js';
import { renderFaxPdf } from '../../notifiers/faxPdf.js';
import { LINE_CHARS, sheetAnswers, sheetErrors, sheetSections } from '../../notifiers/informationSheetItems.js';
import { regionPacks } from '../../regions/index.generated.js';
import { loadRegionPack, RegionPackError } from '../../regions/load.js';
import { NATIONAL_SHEET_FORM, regionSheetForm } from '../../regions/nationalSheetForm.js';
import { regionSchema } from '../../regions/schema.js';
import {
  formFields,
  MAX_FIELD_LINES,
  MAX_FORM_FIELDS,
  MAX_FORM_LINES,
  type SheetField,
  type SheetForm,
} from '../../regions/sheetForm.js';
import { pdfText } from '../support/pdf.js';

/**
 * Each region's information sheet as its pack defines it, written out here on purpose: a one-line
 * change of a title or label in a pack fails this list, and the page and PDF are checked against it.
 */
const EXPECTED: Record<string, { title: string; labels: string[] }> = {
  sanda: {
    title: '入院時情報提供シート',
    labels: [
      '入院日',
      '要介護度',
      '疾患・病歴',
      '認知症の有無',
      '徘徊等の行動の有無',
      '認知症・行動の状況',
      '家族構成',
      '生活歴',
      '介護者の介護方法',
      '家族介護者の状況',
      '利用中の介護保険サービス',
      'その他のサービス',
      '本人や家族の思い',
      '担当ケアマネジャー',
      '連絡先電話番号',
    ],
  },
  asahikawa: {
    title: '入院時情報提供シート',
    labels: [
      '入院日',
      '要介護度',
      '疾患・病歴',
      '認知症の有無',
      '徘徊等の行動の有無',
      '家族構成',
      '生活歴',
      '介護者の介護方法',
      '家族介護者の状況',
      '利用中の介護保険サービス',
      'その他のサービス',
      '担当ケアマネジャー',
      '連絡先電話番号',
    ],
  },
  sasebo: {
    title: '様式⑦ 入院時情報提供書＜在宅版＞',
    labels: [
      '入院日',
      '要介護度',
      '家族構成・介護者の状況',
      '住環境',
      'ADL・IADLの状況',
      'かかりつけ医',
      '服薬状況',
      '医療処置',
      '疾患・病歴',
      '認知症の有無',
      '徘徊等の行動の有無',
      '利用中の介護保険サービス',
      '本人の意向',
      '家族の意向',
      'ケアマネジャーの評価・所見',
      '担当ケアマネジャー',
      '連絡先電話番号',
    ],
  },
  // No form of its own in its pack: the national items of seed 002 §4(1)❶.
  kagoshima: {
    title: '入院時情報提供シート',
    labels: [
      '入院日',
      '要介護度',
      '疾患・病歴',
      '認知症の有無',
      '認知症の状況',
      '徘徊等の行動の有無',
      '行動の状況',
      'ADL (移動・食事・排泄・入浴)',
      '継続している医療・服薬',
      '家族構成・同居者',
      '主介護者 (続柄)',
      '介護者の介護方法・家族介護者の状況',
      '生活歴・入院前の生活状況',
      '住環境',
      '利用中のサービス (事業所・頻度)',
      '本人の意向',
      '家族の意向',
      '在宅生活の課題・退院に向けた所見',
      '担当ケアマネジャー',
      '連絡先電話番号',
    ],
  },
};

function context(form: SheetForm): SheetContext {
  return {
    taskId: 'task_1',
    linkGeneration: 0,
    taskStatus: 'open',
    caseId: 'case_1',
    hospitalName: '市民病院',
    patient: { name: '山田 花子', birthDate: '1941-05-02' },
    admittedOn: '2026-12-04',
    officeName: 'ケアプランセンターさくら',
    window: {
      id: 'w1',
      hospitalId: 'h1',
      name: '地域連携室',
      phone: null,
      fax: '0000-00-0000',
      postalAddress: null,
      email: null,
      purposes: ['inpatient'],
      note: null,
      editedAt: null,
    },
    canSend: true,
    sheet: null,
    form,
    delivery: null,
  };
}

/** An answer for every field, as a care manager fills it in. */
function filled(field: SheetField, n: number): string | string[] {
  switch (field.type) {
    case 'date':
      return '2026-12-04';
    case 'choice':
      return field.choices!.at(-1)!;
    case 'checkbox':
      return field.choices!.slice(1, 3);
    default:
      return `回答${n}番`;
  }
}

const flat = (s: string) => s.replace(/\s+/g, '');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe("the information sheet follows the region pack's form (issue 16 item 5; national items 002 §4(1)❶)", () => {
  it('every region is listed here, and each pack names its form as the region does', () => {
    expect(regionPacks.map((p) => p.id).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const pack of regionPacks) {
      const form = regionSheetForm(pack);
      expect(form.name, pack.id).toBe(EXPECTED[pack.id]!.title);
      expect(
        formFields(form).map((f) => f.label),
        pack.id,
      ).toEqual(EXPECTED[pack.id]!.labels);
    }
  });

  it('a region without its own form uses the national items', () => {
    const kagoshima = regionPacks.find((p) => p.id === 'kagoshima')!;
    expect(kagoshima.forms.filter((f) => f.use === 'information_sheet')).toEqual([]);
    expect(regionSheetForm(kagoshima)).toBe(NATIONAL_SHEET_FORM);
    expect(regionSheetForm(undefined)).toBe(NATIONAL_SHEET_FORM);
    // The national items are themselves a valid definition.
    expect(regionSchema.shape.forms.safeParse([NATIONAL_SHEET_FORM]).success).toBe(true);
  });

  for (const pack of regionPacks) {
    describe(`${pack.id}: ${EXPECTED[pack.id]?.title}`, () => {
      const form = regionSheetForm(pack);
      const expected = EXPECTED[pack.id]!;

      it('the web form shows the region’s title, every section and every label, each field named by its key', () => {
        const html = String(<SheetPage context={context(form)} values={{}} errors={[]} />);
        expect(html).toContain(`<h1>${expected.title}</h1>`);
        for (const section of form.sections) expect(html).toContain(`<legend>${section.title}</legend>`);
        for (const label of expected.labels) expect(html).toContain(label);
        for (const field of formFields(form)) expect(html).toContain(`name="${field.key}"`);
      });

      it('a required field left empty gets its Japanese error next to it, not only at the top', () => {
        const fieldErrors = sheetErrors(form, sheetAnswers(form, {}));
        const required = formFields(form).filter((f) => f.required);
        expect(Object.keys(fieldErrors).sort()).toEqual(required.map((f) => f.key).sort());
        const html = String(<SheetPage context={context(form)} values={{}} errors={[]} fieldErrors={fieldErrors} />);
        for (const field of required) {
          const message = fieldErrors[field.key]!;
          expect(message).toMatch(new RegExp(`^「${escapeRe(field.label)}」を(入力して|選んで)ください。$`));
          // The field's label, its hint, then its error, then the field itself.
          expect(html).toMatch(
            new RegExp(
              `<label for="f-${field.key}">${escapeRe(field.label)}<span class="muted"> \\(必須\\)</span></label>` +
                `(<div class="muted">[^<]*</div>)?<div id="f-${field.key}-error" class="field-error" role="alert">` +
                `${escapeRe(message)}</div><(input|select|textarea) id="f-${field.key}"[^>]*aria-invalid="true"`,
            ),
          );
        }
        // Filled in, nothing is missing.
        const answers = sheetAnswers(form, Object.fromEntries(formFields(form).map((f, n) => [f.key, filled(f, n)])));
        expect(sheetErrors(form, answers)).toEqual({});
      });

      it('the PDF (FAX) reads back with the region’s title, every label and every answer', async () => {
        const answers = sheetAnswers(form, Object.fromEntries(formFields(form).map((f, n) => [f.key, filled(f, n)])));
        const pdf = await renderFaxPdf({
          title: form.name,
          to: { name: '市民病院 地域連携室', fax: '0000-00-0000' },
          from: { name: 'ケアプランセンターさくら' },
          sentAt: '2026-12-04T03:00:00.000Z',
          sections: sheetSections(form, answers),
          confirmation: { url: 'https://renkei.example.jp/r/7KQ2M9XW4D', code: '7KQ2-M9XW-4D' },
        });
        const text = await pdfText(pdf);
        expect(text.warnings).toBe('');
        expect(text.flat).toContain(flat(expected.title));
        for (const label of expected.labels) expect(text.flat).toContain(flat(label));
        formFields(form).forEach((f, n) => {
          if (f.type === 'text' || f.type === 'multiline') expect(text.flat).toContain(`回答${n}番`);
          if (f.type === 'checkbox') expect(text.flat).toContain(f.choices!.slice(1, 3).join('、'));
        });
        expect(text.flat).toContain('2026年12月4日');
      });
    });
  }

  it(`a form at the schema's limits (${MAX_FORM_FIELDS} fields, ${MAX_FORM_LINES} free-text lines), every line full, fits one FAX of at most ${MAX_FAX_PAGES} pages`, async () => {
    const free = MAX_FORM_LINES / MAX_FIELD_LINES;
    const widest: SheetForm = {
      ...NATIONAL_SHEET_FORM,
      sections: [
        {
          title: '記述',
          fields: Array.from({ length: free }, (_, n) => ({
            key: `free${n}`,
            label: `記述欄${n}`.padEnd(20, '欄'),
            type: 'multiline' as const,
          })),
        },
        {
          title: '選択',
          fields: Array.from({ length: MAX_FORM_FIELDS - free }, (_, n) => ({
            key: `pick${n}`,
            label: `選択欄${n}`.padEnd(20, '欄'),
            type: 'choice' as const,
            choices: ['あり'],
          })),
        },
      ],
    };
    expect(regionSchema.shape.forms.safeParse([widest]).success).toBe(true);
    const answers = Object.fromEntries(
      formFields(widest).map((f, n) => [
        f.key,
        f.type === 'multiline'
          ? Array.from({ length: MAX_FIELD_LINES }, (_, l) =>
              (l === MAX_FIELD_LINES - 1 ? `終${n}` : '').padStart(LINE_CHARS, '漢'),
            ).join('\n')
          : 'あり',
      ]),
    );
    expect(sheetErrors(widest, answers)).toEqual({});
    const pdf = await renderFaxPdf({
      title: widest.name,
      to: { name: '市民病院 地域連携室', fax: '0000-00-0000' },
      from: { name: 'ケアプランセンターさくら' },
      sentAt: '2026-12-04T03:00:00.000Z',
      sections: sheetSections(widest, answers),
      confirmation: { url: 'https://renkei.example.jp/r/7KQ2M9XW4D', code: '7KQ2-M9XW-4D' },
    });
    const { pages, flat } = await pdfText(pdf);
    expect(pages).toBeLessThanOrEqual(MAX_FAX_PAGES);
    for (let n = 0; n < free; n++) expect(flat).toContain(`終${n}`);
  });

  it('a checkbox keeps only its own choices, in the form’s order; unknown fields are dropped', () => {
    const sasebo = regionSheetForm(regionPacks.find((p) => p.id === 'sasebo'));
    const answers = sheetAnswers(sasebo, {
      medicalProcedures: ['経管栄養', '点滴', '手術'],
      unknownField: 'x',
      careManagerName: '  田中 一郎  ',
    });
    expect(answers.medicalProcedures).toBe('点滴、経管栄養');
    expect(answers.careManagerName).toBe('田中 一郎');
    expect(Object.keys(answers)).toEqual(formFields(sasebo).map((f) => f.key));
    expect(sheetErrors(sasebo, { ...answers, medicalProcedures: '手術' }).medicalProcedures).toBe(
      '「医療処置」を選び直してください。',
    );
  });

  it('a sheet keeps the form it was written against: a stored sheet renders with it, one stored before forms with the national items', () => {
    const old: SheetForm = { ...NATIONAL_SHEET_FORM, id: 'old', name: '旧様式', version: 3 };
    const row = { form: old } as unknown as Parameters<typeof writtenAgainst>[0];
    expect(writtenAgainst(row)).toEqual(old);
    expect(writtenAgainst({ form: null } as unknown as Parameters<typeof writtenAgainst>[0])).toBe(NATIONAL_SHEET_FORM);
  });
});

describe('the schema refuses a malformed sheet form with a message naming the field and the fault', () => {
  let root: string;
  const sanda = regionPacks.find((p) => p.id === 'sanda')!;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'renkei-forms-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** Writes Sanda's pack with its sheet form changed and answers the loader's message. */
  async function refusal(
    change: (form: Record<string, unknown> & { sections: { fields: Record<string, unknown>[] }[] }) => void,
  ) {
    const { hospitals, ...region } = structuredClone(sanda);
    const form = region.forms.find((f) => f.use === 'information_sheet') as unknown as Parameters<typeof change>[0];
    change(form);
    const dir = join(root, `case-${Math.random().toString(36).slice(2)}`);
    await mkdir(dir);
    await writeFile(join(dir, 'region.json'), JSON.stringify(region));
    await writeFile(join(dir, 'directory.json'), JSON.stringify({ hospitals }));
    const e = await loadRegionPack(dir).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(RegionPackError);
    return (e as Error).message;
  }

  it('a choice field without choices', async () => {
    const message = await refusal((f) => {
      delete f.sections[1]!.fields[1]!.choices;
    });
    expect(message).toContain('forms.0.sections.1.fields.1.choices: a choice field "dementia" needs choices');
  });

  it('a key used twice', async () => {
    const message = await refusal((f) => {
      f.sections[2]!.fields[0]!.key = 'history';
    });
    expect(message).toContain('forms.0.sections: field key "history" is used twice');
  });

  it('an unknown field type', async () => {
    const message = await refusal((f) => {
      f.sections[0]!.fields[0]!.type = 'datetime';
    });
    expect(message).toContain('forms.0.sections.0.fields.0.type');
    expect(message).toMatch(/text.*multiline.*choice.*checkbox.*date/);
  });

  it('a date field with a line limit', async () => {
    const message = await refusal((f) => {
      f.sections[0]!.fields[0]!.maxLines = 3;
    });
    expect(message).toContain('a date field "admittedOn" takes no maxLines');
  });

  it('more free-text lines than one FAX holds', async () => {
    const message = await refusal((f) => {
      f.sections.push({
        title: '追加',
        fields: Array.from({ length: 7 }, (_, n) => ({ key: `extra${n}`, label: `追加${n}`, type: 'multiline' })),
      } as never);
    });
    expect(message).toContain('the free-text fields take 194 lines together: at most 180');
  });

  it('a field without a label, and a label-less key', async () => {
    const message = await refusal((f) => {
      f.sections[0]!.fields[0]!.label = '';
      f.sections[0]!.fields[1]!.key = 'Care Level';
    });
    expect(message).toContain('forms.0.sections.0.fields.0.label');
    expect(message).toContain('forms.0.sections.0.fields.1.key: a field key is camelCase letters and digits');
  });

  it('two information sheet forms in one region', () => {
    const { hospitals: _hospitals, ...region } = structuredClone(sanda);
    expect(regionSchema.safeParse(region).success).toBe(true);
    const parsed = regionSchema.safeParse({
      ...region,
      forms: [...region.forms, { ...region.forms[0], id: 'second' }],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.message)).toContain('a region defines at most one information_sheet form');
  });
});
