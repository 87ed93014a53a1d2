import type { TaskView } from '../../engine/cases/index.js';
import type { HospitalContact } from '../../engine/links/index.js';
import type { InfoMeans, TaskKind } from '../../machines/types.js';
import { jaDate, jaDateTime } from '../../notifiers/texts.js';
import { citeRule } from '../../regions/document.js';
import { Layout } from './layout.js';

export const TASK_TITLES: Record<TaskKind, string> = {
  acknowledge_admission: '入院連絡の確認',
  report_information_sheet: '入院時情報提供シートの提供記録',
  confirm_care_plan_copy: 'ケアプランの写しの送付記録',
  report_hospital_contact: '病院への連絡の記録',
  send_sheet_to_receiving_hospital: '転院先への入院時情報提供シートの提供',
  identify_care_manager: '担当ケアマネジャーの確認 (地域包括支援センターへの依頼)',
  file_discharge_record: '退院・退所情報記録書の記録',
};

/** A care office the support center may name as the one it found. */
export interface OfficeChoice {
  id: string;
  name: string;
  town: string | null;
  phone: string | null;
}

/** Why 「今回は提供不要（病院と合意）」 is not offered: on the page, and as the error when it is posted anyway. */
export function sheetNotNeededRefusal(offer: { withinDays: number | null }): string {
  return offer.withinDays === null
    ? 'この地域のルールには、短期間の再入院で入院時情報提供シートを省略する定めがないため、「今回は提供不要」は選べません。'
    : `前回の入院の終了から${offer.withinDays}日以内の再入院ではないため、「今回は提供不要（病院と合意）」は選べません。必要かどうか迷う場合は病院の窓口へご相談ください。`;
}

/**
 * 「今回は提供不要（病院と合意）」: on a repeat admission the care manager may record that the hospital
 * agreed the sheet is not needed this time, with who agreed; otherwise the page says why it is not offered.
 */
function SheetNotNeeded({ view, form }: { view: TaskView; form: FormState }) {
  const offer = view.sheetNotNeeded;
  if (!offer.offered) return <p class="muted">{sheetNotNeededRefusal(offer)}</p>;
  return (
    <form method="post">
      <h2>今回は提供不要（病院と合意）</h2>
      <p>
        前回の入院 ({jaDate(offer.previousEndedOn)}に終了) から{offer.withinDays}
        日以内の再入院です。状態に変化がなく、病院と相談して今回の提供は不要と合意した場合に記録してください (
        {citeRule(view.rule.document, 'admission')})。
      </p>
      <input type="hidden" name="action" value="not_needed" />
      <label for="agreedName">合意した病院の担当者の氏名</label>
      <input id="agreedName" name="agreedName" required maxlength={100} value={form.values.agreedName ?? ''} />
      <label for="agreedRole">その方の職種・役割 (例: 退院調整看護師)</label>
      <input id="agreedRole" name="agreedRole" required maxlength={100} value={form.values.agreedRole ?? ''} />
      <Confirm label="病院の担当者と、今回は提供不要と合意しました" />
      <button type="submit">提供不要 (病院と合意) を記録する</button>
    </form>
  );
}

export const MEANS_LABELS: Record<InfoMeans, string> = {
  face_to_face: '面談',
  fax: 'FAX',
  mail: '郵送',
  online: 'オンライン',
  email: 'メール',
};

/**
 * The patient's name and birth date appear only on the answer to the button press that records:
 * whoever merely opens the link (a mail scanner, a guesser) learns nothing personal.
 */
function Summary({ view, showPatient }: { view: TaskView; showPatient: boolean }) {
  const w = view.hospital.window;
  return (
    <dl>
      <dt>利用者</dt>
      <dd>
        {showPatient
          ? `${view.patient.name} 様 (生年月日 ${view.patient.birthDate})`
          : 'お名前は、ボタンを押して記録した後に表示されます。'}
      </dd>
      {view.transferredFrom && (
        <>
          <dt>転院元</dt>
          <dd>{view.transferredFrom}</dd>
        </>
      )}
      <dt>{view.transferredFrom ? '転院先' : '病院'}</dt>
      <dd>{view.hospital.name}</dd>
      <dt>病棟</dt>
      <dd>{view.ward}</dd>
      <dt>入院日</dt>
      <dd>{jaDate(view.admittedOn)}</dd>
      {view.informationSheet && (
        <>
          <dt>情報提供期限</dt>
          <dd>
            {jaDate(view.informationSheet.dueOn)}中 (入院日を含め{view.informationSheet.withinDays}日以内)
          </dd>
        </>
      )}
      {view.expectedDischargeDate && (
        <>
          <dt>退院予定日</dt>
          <dd>{jaDate(view.expectedDischargeDate)}</dd>
        </>
      )}
      {view.dischargedOn && (
        <>
          <dt>退院日</dt>
          <dd>{jaDate(view.dischargedOn)}</dd>
        </>
      )}
      {w && (
        <>
          <dt>病院の窓口</dt>
          <dd>
            {w.name}
            {w.phone && ` / 電話 ${w.phone}`}
            {w.fax && ` / FAX ${w.fax}`}
          </dd>
        </>
      )}
      {view.officeName && (
        <>
          <dt>事業所</dt>
          <dd>{view.officeName}</dd>
        </>
      )}
    </dl>
  );
}

export interface FormState {
  errors: string[];
  values: Record<string, string>;
  /** A message shown next to one field (the care plan's file), by the field's name. */
  fieldErrors?: Record<string, string>;
}

function Errors({ errors }: { errors: string[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="notice error" role="alert">
      <ul>
        {errors.map((e) => (
          <li>{e}</li>
        ))}
      </ul>
    </div>
  );
}

function Confirm({ label }: { label: string }) {
  return (
    <label class="plain">
      <input type="checkbox" name="confirm" value="yes" required /> {label}
    </label>
  );
}

function TaskForm({
  view,
  form,
  nowLocal,
  today,
  taskPath,
  offices,
  officeQuery,
}: {
  view: TaskView;
  form: FormState;
  nowLocal: string;
  today: string;
  taskPath: string;
  offices?: OfficeChoice[] | undefined;
  officeQuery?: string | undefined;
}) {
  switch (view.task.kind) {
    case 'acknowledge_admission':
      return (
        <form method="post">
          <Errors errors={form.errors} />
          <p>入院の連絡を受けたことを病院へ伝えます。</p>
          <Confirm label="入院の連絡を確認しました" />
          <button type="submit">確認を記録する</button>
        </form>
      );
    case 'report_information_sheet':
      return (
        <>
          <form method="post">
            <Errors errors={form.errors} />
            <p class="notice">
              シートをこの画面で作成して病院の窓口へ送ることもできます:{' '}
              <a href={`${taskPath}/sheet`}>入院時情報提供シートを作成する</a>{' '}
              (送信日時・方法・送付先は自動で記録されます)
            </p>
            <p>入院時情報提供シートを病院へ提供した日時と方法を記録します (面談が原則、難しい場合は FAX 及び郵送)。</p>
            <label for="providedAt">提供した日時</label>
            <input
              id="providedAt"
              type="datetime-local"
              name="providedAt"
              required
              value={form.values.providedAt ?? nowLocal}
            />
            <label for="means">提供方法</label>
            <select id="means" name="means" required>
              {Object.entries(MEANS_LABELS).map(([value, label]) => (
                <option value={value} selected={form.values.means === value}>
                  {label}
                </option>
              ))}
            </select>
            <Confirm label="上記のとおり提供しました" />
            <button type="submit">提供を記録する</button>
          </form>
          <SheetNotNeeded view={view} form={form} />
        </>
      );
    case 'identify_care_manager':
      return (
        <div>
          <Errors errors={form.errors} />
          <p>
            この方の担当ケアマネジャーが病院では分かりませんでした ({citeRule(view.rule.document, 'admission')}
            )。担当の事業所が分かったら、事業所を選んで記録してください。病院と事業所へ自動で連絡されます。
          </p>
          <form method="get">
            <label for="q">事業所の名前・町名・電話番号で探す</label>
            <input id="q" name="q" value={officeQuery ?? ''} />
            <button type="submit">探す</button>
          </form>
          <form method="post">
            <label for="careOfficeId">担当の事業所</label>
            <select id="careOfficeId" name="careOfficeId" required>
              <option value="">選んでください</option>
              {(offices ?? []).map((o) => (
                <option value={o.id} selected={form.values.careOfficeId === o.id}>
                  {o.name}
                  {o.town ? ` (${o.town})` : ''}
                  {o.phone ? ` 電話 ${o.phone}` : ''}
                </option>
              ))}
            </select>
            <Confirm label="この事業所が担当であることを確認しました" />
            <button type="submit">担当の事業所を記録する</button>
          </form>
        </div>
      );
    case 'confirm_care_plan_copy':
      // One form for both: with a PDF it is sent to the hospital's window; without, the date records a paper copy.
      return (
        <form method="post" action={`${taskPath}/care-plan`} enctype="multipart/form-data">
          <Errors errors={form.errors} />
          <p>
            退院後、ケアプランの写しを病院へ送付したことを記録します ({citeRule(view.rule.document, 'afterDischarge')}
            )。
          </p>
          <label for="carePlanPdf">ケアプランの写し (PDF、5MB・20ページまで。選ぶと病院の窓口へ送信されます)</label>
          <input
            id="carePlanPdf"
            type="file"
            name="carePlanPdf"
            accept="application/pdf"
            aria-describedby={form.fieldErrors?.carePlanPdf ? 'carePlanPdf-error' : undefined}
          />
          {form.fieldErrors?.carePlanPdf && (
            <p id="carePlanPdf-error" class="field-error" role="alert">
              {form.fieldErrors.carePlanPdf}
            </p>
          )}
          <p class="muted">FAXや郵送で送った場合はファイルを選ばず、送付した日だけを記録してください。</p>
          <label for="sentOn">送付した日</label>
          <input id="sentOn" type="date" name="sentOn" required value={form.values.sentOn ?? today} />
          <label for="servicesStartedOn">
            居宅サービスの利用開始日 (予定日でも可。退院・退所加算はこの月に算定。未定なら空欄)
          </label>
          <input
            id="servicesStartedOn"
            type="date"
            name="servicesStartedOn"
            value={form.values.servicesStartedOn ?? ''}
          />
          <Confirm label="ケアプランの写しを病院へ送付しました" />
          <button type="submit">送付を記録する</button>
        </form>
      );
    case 'send_sheet_to_receiving_hospital':
      // The sheet form is the only way: what it sends is recorded with the send.
      return (
        <div>
          <p>
            入院時情報提供シートがまだ提供されていないため、転院先の病院へ写しを送ることができません。シートを作成して転院先の窓口へ送ってください。
          </p>
          <p>
            <a href={`${taskPath}/sheet`}>入院時情報提供シートを作成して転院先へ送る</a>
          </p>
        </div>
      );
    case 'file_discharge_record':
      // The record has its own form (functions/pages/dischargeRecordPages.tsx), prefilled from the hospital's facts.
      return (
        <div>
          <p>
            病院から聞いた内容 (日時・場所・出席者・内容の要点・退院後に必要なこと)
            を退院・退所情報記録書に記録してください ({citeRule(view.rule.document, 'preDischarge')}
            )。退院・退所加算の根拠になります。
          </p>
          <p>
            <a href={`${taskPath}/record`}>退院・退所情報記録書を書く</a>
          </p>
        </div>
      );
    case 'report_hospital_contact':
      return (
        <form method="post">
          <Errors errors={form.errors} />
          <p>
            担当ケアマネジャーとして病院の担当者へ連絡したことを記録します (
            {citeRule(view.rule.document, 'careManagerAssignment')})。
          </p>
          <label for="contactedAt">連絡した日時</label>
          <input
            id="contactedAt"
            type="datetime-local"
            name="contactedAt"
            required
            value={form.values.contactedAt ?? nowLocal}
          />
          <Confirm label="病院の担当者へ連絡しました" />
          <button type="submit">連絡を記録する</button>
        </form>
      );
  }
}

export function TaskPage(props: {
  view: TaskView;
  form: FormState;
  nowLocal: string;
  today: string;
  taskPath: string;
  /** Only on the answer to a press of the form's button (see Summary). */
  showPatient?: boolean;
  /** An identify-care-manager task: the offices matching the search, and the search typed. */
  offices?: OfficeChoice[] | undefined;
  officeQuery?: string | undefined;
}) {
  const { view } = props;
  const title = TASK_TITLES[view.task.kind];
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <Summary view={view} showPatient={props.showPatient ?? false} />
      {view.task.status === 'done' && (
        <p class="notice">この依頼は {jaDateTime(view.task.doneAt!)} に完了しています。ありがとうございました。</p>
      )}
      {view.task.status === 'closed' && (
        <p class="notice warn">
          この依頼はすでに記録されているか、不要になりました。ご不明な点は病院の窓口へお問い合わせください。
        </p>
      )}
      {view.task.status === 'open' && <TaskForm {...props} />}
      <p class="muted">このページを開いただけでは何も記録されません。ボタンを押したときだけ記録されます。</p>
    </Layout>
  );
}

export function DonePage(props: { view: TaskView; nextUrl: string | null }) {
  return (
    <Layout title="記録しました">
      <h1>記録しました</h1>
      <p class="notice">「{TASK_TITLES[props.view.task.kind]}」を記録しました。病院の担当者にも共有されます。</p>
      <Summary view={props.view} showPatient />
      {props.nextUrl && (
        <p>
          次の手順: <a href={props.nextUrl}>入院時情報提供シートの提供を記録する</a> (入院日を含め3日以内)
        </p>
      )}
    </Layout>
  );
}

export function MessagePage(props: { title: string; message: string; tone?: 'notice' | 'warn' | 'error' }) {
  const cls = props.tone === 'error' ? 'notice error' : props.tone === 'warn' ? 'notice warn' : 'notice';
  return (
    <Layout title={props.title}>
      <h1>{props.title}</h1>
      <p class={cls}>{props.message}</p>
    </Layout>
  );
}

/** A link revoked by the hospital side (a new care office, or on request): it no longer works; whom to call. */
export function RevokedLinkPage({ contact }: { contact: HospitalContact }) {
  const w = contact.window;
  const who = `${contact.hospitalName}${w ? ` ${w.name}` : ''}`.trim() || '病院の窓口';
  return (
    <Layout title="このリンクは無効です">
      <h1>このリンクは無効です</h1>
      <p class="notice error">
        このリンクは無効になりました
        (担当事業所の変更などにより取り消されました)。このリンクでは表示も記録もできません。
      </p>
      <p>
        ご不明な点は {who}
        {w?.phone ? ` (電話 ${w.phone})` : ''} へお問い合わせください。担当の方には新しいリンクをお送りします。
      </p>
    </Layout>
  );
}
