import { admittedEvent, mailsSent, postForm, type TestServer, taskLinks } from './server.js';
import { waitUntil } from './wait.js';

/** A care manager's full answers to the information sheet at a Sanda hospital, one per field of Sanda's form (its pack). */
export const FULL_SHEET = {
  admittedOn: '2026-12-04',
  careLevel: '要介護2',
  history: '高血圧 (内服治療中)',
  dementia: 'あり',
  dementiaNote: '短期記憶の低下あり。日常会話は可能',
  wandering: 'あり',
  behaviorNote: '夕方に屋外へ出ようとすることがある',
  adl: '屋内は杖歩行、入浴は一部介助',
  medicalCare: '月1回の通院、服薬は長女が管理',
  household: '長女と二人暮らし',
  mainCarer: '長女',
  carerSituation: '長女は日中就労。夜間と休日に介護',
  carerMethod: '夜間はポータブルトイレへ誘導',
  lifeHistory: '元小学校教員。毎朝の散歩が日課',
  housing: '玄関に段差あり、手すり設置済み',
  services: '通所介護 週2回 (三田デイサービス)、福祉用具貸与 (歩行器)',
  otherServices: '配食サービス (平日昼)',
  wishes: '本人は早く家に帰りたい。家族は自宅で介護を続けたい',
  patientWishes: '早く家に帰りたい',
  familyWishes: '自宅で介護を続けたい',
  assessment: '退院前に入浴と夜間の見守り体制の調整が必要',
  careManagerName: '田中 一郎',
  contactPhone: '079-000-0001',
};

/**
 * Admits a patient at 三田市民病院 and follows the admission notice to the sheet's form, as the care
 * manager would (acknowledge, then the information-sheet task): the form's URL.
 */
export async function sheetFormFor(s: TestServer, encounter: string): Promise<{ caseId: string; url: string }> {
  const admissionMails = () => mailsSent(s).filter((m) => m.subject.startsWith('【入院のお知らせ】'));
  const before = admissionMails().length;
  const { caseId } = (await (await s.sendEvent('sanda-shimin', admittedEvent(encounter))).json()) as {
    caseId: string;
  };
  await waitUntil(() => admissionMails().length > before);
  const [ack] = taskLinks(admissionMails().at(-1)!.text);
  const done = await (await postForm(ack!, { confirm: 'yes' })).text();
  const infoTask = taskLinks(done.replace(/href="/g, ' '))[0]!;
  return { caseId, url: `${infoTask}/sheet` };
}
