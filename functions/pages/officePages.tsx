import type { OfficeStay, OfficeView } from '../../engine/offices/index.js';
import type { OfficeAddOn } from '../../machines/billing.js';
import { SUMMARY_SENT_SEPARATELY } from '../../notifiers/nursingSummaryItems.js';
import { jaDate, jaDateTime } from '../../notifiers/texts.js';
import { CarePlanCopyStatus } from './carePlanCopyStatus.js';
import { RecordEvidence } from './dischargeRecordPages.js';
import { Layout } from './layout.js';
import { OfficeRecordsSection } from './officeRecordPages.js';
import { TASK_TITLES } from './taskPages.js';

// The care office's own page, sized for a phone: one card per client, nothing wider than the screen.

export function OfficeSignInPage(props: { email?: string; error?: string }) {
  return (
    <Layout title="事業所のページ">
      <h1>事業所のページ</h1>
      <p>
        担当の利用者さまの入院・退院の状況を、まとめて確認できます。パスワードは不要です。事業所として登録されているメールアドレスに、ログイン用のリンクをお送りします。
      </p>
      {props.error && <p class="notice error">{props.error}</p>}
      <form method="post" action="/office/signin">
        <label for="email">事業所のメールアドレス</label>
        <input
          id="email"
          name="email"
          type="email"
          class="full"
          autocomplete="email"
          required
          value={props.email ?? ''}
        />
        <button type="submit">ログイン用のリンクを送る</button>
      </form>
    </Layout>
  );
}

export function OfficeLinkSentPage() {
  return (
    <Layout title="メールを確認してください">
      <h1>メールを確認してください</h1>
      <p class="notice">
        登録されているメールアドレスであれば、ログイン用のリンクをお送りしました。リンクの有効期限は15分です。メールが届かない場合は、アドレスをご確認のうえ、もう一度お試しください。
      </p>
      <p>
        <a href="/office">戻る</a>
      </p>
    </Layout>
  );
}

/** What a sign-in link opens: a button. A mail scanner that fetches the link signs nobody in. */
export function OfficeSignInConfirmPage(props: { action: string }) {
  return (
    <Layout title="事業所のページへのログイン">
      <h1>事業所のページへのログイン</h1>
      <form method="post" action={props.action}>
        <p>ボタンを押すとログインします。</p>
        <button type="submit">ログインする</button>
      </form>
    </Layout>
  );
}

function daysLeftText(d: { daysLeft: number; overdue: boolean; dueOn: string }, today: string): string {
  if (d.daysLeft < 0) return `期限を${-d.daysLeft}日過ぎています`;
  if (d.overdue) return '期限を過ぎています';
  if (d.daysLeft > 0) return `あと${d.daysLeft}営業日`;
  return d.dueOn === today ? '今日まで' : '事業所の営業日は今日が最後';
}

const SHEET_STATUS = { draft: '下書き', submitted: '送信待ち', sent: '送信済み' } as const;
const DELIVERY = {
  queued: '送信中',
  sent: '送信済み',
  delivered: '到達',
  failed: '送信失敗 (再送中)',
  confirmed: '受信確認済み',
  dead: '届きませんでした',
} as Record<string, string>;
const NOTICE_STATUS = {
  pending: '送信中',
  held: 'まとめて送信予定',
  sent: '送信済み',
  dead: '届きませんでした',
  skipped: '送信なし',
} as const;
/** The hours an office may choose for its digest (Japan time). */
const DIGEST_HOURS = Array.from({ length: 24 }, (_, h) => h);

/** 「お知らせの受け取り方」: every notice at once, or the routine ones as one mail a day. */
function NotificationSettings(props: { mode: 'realtime' | 'digest'; hour: number; csrf: string }) {
  return (
    <form method="post" action="/office/notifications" id="notifications">
      <input type="hidden" name="_csrf" value={props.csrf} />
      <p class="muted">
        現在: {props.mode === 'digest' ? `1日1回 ${props.hour}時にまとめて受け取る` : 'お知らせごとにすぐ受け取る'}
      </p>
      <label class="choice">
        <input type="radio" name="mode" value="realtime" checked={props.mode === 'realtime'} />{' '}
        お知らせごとにすぐ受け取る
      </label>
      <label class="choice">
        <input type="radio" name="mode" value="digest" checked={props.mode === 'digest'} />{' '}
        急ぎでないお知らせを1日1回、メールでまとめて受け取る
      </label>
      <label for="hour">まとめて送る時刻</label>
      <select id="hour" name="hour">
        {DIGEST_HOURS.map((h) => (
          <option value={String(h)} selected={h === props.hour}>
            {h}時
          </option>
        ))}
      </select>
      <p class="muted">
        まとめて受け取る場合も、至急の退院・期限を過ぎたお知らせ・訂正のお知らせは、その都度すぐにお送りします。
      </p>
      <button type="submit">受け取り方を保存する</button>
    </form>
  );
}
const CHANNELS = { email: 'メール', sms: 'SMS', fax: 'FAX' } as const;

/** A stay the office reported first: has the hospital confirmed it? */
function HospitalConfirmation({ c }: { c: NonNullable<OfficeStay['hospitalConfirmation']> }) {
  if (c.confirmedAt) return <p class="muted">病院へ知らせた入院: 病院が確認しました ({jaDateTime(c.confirmedAt)})</p>;
  return (
    <p class={c.overdue ? 'late' : 'muted'}>
      病院へ知らせた入院: 病院の確認待ち{c.dueOn ? ` (確認の期限 ${jaDate(c.dueOn)}中)` : ''}
      {c.overdue ? '。期限を過ぎています。病院の窓口へお電話ください。' : ''}
    </p>
  );
}

function StayCard({ stay, today }: { stay: OfficeStay; today: string }) {
  return (
    <div class="stay">
      <h3>{stay.patientName} 様</h3>
      <p class="muted">
        生年月日 {jaDate(stay.birthDate)} / {stay.hospitalName} {stay.ward} / 入院 {jaDate(stay.admittedOn)}
      </p>
      <p>
        <span class="stage">{stay.closed ? `${stay.closed.label} (${jaDate(stay.closed.on)})` : stay.stage}</span>
      </p>
      {stay.hospitalConfirmation && <HospitalConfirmation c={stay.hospitalConfirmation} />}
      {stay.deadlines.length > 0 && (
        <ul>
          {stay.deadlines.map((d) => (
            <li class={d.overdue ? 'late' : undefined}>
              {d.label}: {jaDate(d.dueOn)}まで ({daysLeftText(d, today)})
            </li>
          ))}
        </ul>
      )}
      {stay.tasks.length > 0 && (
        <ul>
          {stay.tasks.map((t) => (
            <li>
              <a href={t.url}>{TASK_TITLES[t.kind]}</a>
            </li>
          ))}
        </ul>
      )}
      {stay.dischargeRecord && (
        <>
          <RecordEvidence comparison={stay.dischargeRecord} />
          <p>
            <a href={`/office/stays/${stay.caseId}/record`}>
              退院・退所情報記録書{stay.dischargeRecord.careManager.length ? 'を見る・直す' : 'を書く'}
            </a>
          </p>
        </>
      )}
      {!stay.closed && (
        <p>
          <a href={`/office/stays/${stay.caseId}/providers`}>他の事業所に写しを送る</a>
        </p>
      )}
      {stay.nursingSummary &&
        (stay.nursingSummary.asData ? (
          <p>
            <a href={`/office/stays/${stay.caseId}/nursing-summary`}>
              看護サマリーを見る ({jaDateTime(stay.nursingSummary.sentAt)})
            </a>
          </p>
        ) : (
          <p class="muted">
            看護サマリー: 提供済み ({jaDateTime(stay.nursingSummary.sentAt)}) / {SUMMARY_SENT_SEPARATELY}
          </p>
        ))}
      {stay.sheets.map((s) => (
        <p class="muted">
          入院時情報提供シート: {SHEET_STATUS[s.status]}
          {s.submittedAt && ` (${jaDateTime(s.submittedAt)})`}
          {s.delivery && ` / ${DELIVERY[s.delivery] ?? s.delivery}`}
          {s.receipt === 'open' && ' / 病院の受信確認待ち'}
          {s.receipt === 'confirmed' && ' / 病院が受信を確認'}
        </p>
      ))}
      <CarePlanCopyStatus
        copies={stay.carePlanCopies}
        pdfHref={(copy) => `/office/stays/${stay.caseId}/care-plan-copies/${copy.id}`}
      />
    </div>
  );
}

/** An office's add-on: whether the records support it, on what, and what is still missing. */
function AddOnEvidence(props: { addOn: OfficeAddOn }) {
  const { addOn } = props;
  return (
    <div class="stay">
      <h3>
        {addOn.name} {addOn.value}
      </h3>
      <p>{addOn.supported ? '記録上の要件を満たしています' : 'まだ満たしていません'}</p>
      <ul>
        {[...addOn.basis, ...addOn.missing].map((line) => (
          <li>{line}</li>
        ))}
      </ul>
    </div>
  );
}

export function OfficeHomePage(props: { view: OfficeView; csrf: string }) {
  const { view } = props;
  return (
    <Layout title={view.office.name}>
      <nav class="office">
        <b>{view.office.name}</b>
        <form method="post" action="/office/logout">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <button type="submit" class="secondary">
            ログアウト
          </button>
        </form>
      </nav>
      <p>
        <a href="/office/report">入院を病院に知らせる (先に入院を知ったとき)</a>
      </p>
      <h1>入院中・退院調整中の利用者 ({view.open.length}名)</h1>
      <p class="muted">{jaDate(view.today)}現在。期限の日数は事業所の営業日で数えています。</p>
      {view.open.length === 0 && <p>入院中の利用者さまはいません。</p>}
      {view.open.map((s) => (
        <StayCard stay={s} today={view.today} />
      ))}
      <h2>最近のお知らせ</h2>
      {view.notices.length === 0 ? (
        <p>お知らせはまだありません。</p>
      ) : (
        <ul>
          {view.notices.map((n) => (
            <li>
              {jaDateTime(n.at)} {n.label}
              {n.patientName && ` (${n.patientName} 様)`} — {CHANNELS[n.channel]} {NOTICE_STATUS[n.status]}
            </li>
          ))}
        </ul>
      )}
      <h2>お知らせの受け取り方</h2>
      <NotificationSettings mode={view.office.notificationMode} hour={view.office.digestHour} csrf={props.csrf} />
      <h2>事業所の加算</h2>
      <AddOnEvidence addOn={view.medicalCareLinkage} />
      <OfficeRecordsSection months={view.records} />
      <h2>この90日に終わった入院 ({view.closed.length}件)</h2>
      {view.closed.map((s) => (
        <StayCard stay={s} today={view.today} />
      ))}
    </Layout>
  );
}

export interface ReportForm {
  q: string;
  name: string;
  birthDate: string;
  hospitalId: string;
  admittedOn: string;
}

/** 「入院を病院に知らせる」: the patient, the hospital found by name in the directory, the date. */
export function OfficeReportPage(props: {
  csrf: string;
  hospitals: { id: string; name: string }[];
  form: ReportForm;
  errors?: Partial<Record<keyof ReportForm, string>>;
}) {
  const { form, errors = {} } = props;
  return (
    <Layout title="入院を病院に知らせる">
      <p>
        <a href="/office">← 利用者の一覧へ</a>
      </p>
      <h1>入院を病院に知らせる</h1>
      <p>
        ご家族などから先に入院を聞いたときは、ここから記録してください。入院時情報提供シートはすぐに書けます。病院からの入院の記録が届くと、同じ入院としてつながります。
      </p>
      <form method="get" action="/office/report">
        <label for="q">病院を探す (名前の一部)</label>
        <input id="q" name="q" class="full" value={form.q} />
        <button type="submit" class="secondary">
          探す
        </button>
      </form>
      <form method="post" action="/office/report">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="q" value={form.q} />
        <label for="hospitalId">病院</label>
        {errors.hospitalId && <p class="notice error">{errors.hospitalId}</p>}
        <select id="hospitalId" name="hospitalId" class="full" required>
          {props.hospitals.map((h) => (
            <option value={h.id} selected={h.id === form.hospitalId}>
              {h.name}
            </option>
          ))}
        </select>
        <label for="name">利用者のお名前 (姓と名の間に空白)</label>
        {errors.name && <p class="notice error">{errors.name}</p>}
        <input id="name" name="name" class="full" required value={form.name} />
        <label for="birthDate">生年月日</label>
        {errors.birthDate && <p class="notice error">{errors.birthDate}</p>}
        <input id="birthDate" name="birthDate" type="date" required value={form.birthDate} />
        <label for="admittedOn">入院日</label>
        {errors.admittedOn && <p class="notice error">{errors.admittedOn}</p>}
        <input id="admittedOn" name="admittedOn" type="date" required value={form.admittedOn} />
        <button type="submit">入院を記録する</button>
      </form>
    </Layout>
  );
}
