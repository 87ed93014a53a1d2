import type { CaseDetail } from '../../../engine/console/index.js';
import {
  CLOSED_LABELS,
  EVENT_LABELS,
  explainDeliveryError,
  LEAK_LABELS,
  noticeLabel,
  OWNER_LABELS,
  STATE_LABELS,
} from '../../../engine/console/index.js';
import type { CarePlanCopyView } from '../../../engine/notices/index.js';
import { isSurveyLeak } from '../../../machines/measures.js';
import { SUMMARY_SENT_SEPARATELY } from '../../../notifiers/nursingSummaryItems.js';
import type { RuleStep } from '../../../regions/schema.js';
import { CarePlanCopyStatus } from '../carePlanCopyStatus.js';
import { RecordEvidence } from '../dischargeRecordPages.js';
import { type AuditRowView, AuditTable } from './auditPage.js';
import { ConsolePage, CsrfField, deadlineDay, Flash, jst, type PageContext } from './common.js';
import { type LaidOutDiagram, MachineDiagram, StepStrip } from './machineDiagram.js';

const label = <T extends Record<string, string>>(map: T, key: string | null | undefined) =>
  key ? (map[key as keyof T] ?? key) : '—';
const DEADLINE_STATUS: Record<string, string> = {
  open: '期限前',
  met: '期限内に完了',
  late: '期限後に完了',
  overdue: '期限超過',
  waived: '対象外',
  missed: '未完了のまま終了',
};
const NOTICE_STATUS: Record<string, string> = {
  pending: '送信待ち',
  held: '1日1回のまとめで送信予定',
  sent: '送信済み',
  dead: '不達',
};
const SOURCES: Record<string, string> = {
  hospital: '病院',
  staff: '病院職員',
  care_manager: 'ケアマネジャー',
  timer: '期限',
  admin: '手入力',
  system: 'システム',
};

export interface CaseExtras {
  hospitalName: string;
  careOfficeName: string | null;
  offices: { id: string; name: string }[];
  resends: Map<string, string>;
  audit: AuditRowView[];
  /** `kind:id` of a notice's recipient → the name people know it by. */
  recipients: Map<string, string>;
  /** Who recorded a fact by hand (`account:login`, the bootstrap token), by the name people know. */
  actorName: (actor: string) => string;
  nonce: string;
  flash?: string | undefined;
  /** The current state's step in the case's region's own words, when its rule names one. */
  ruleStep: string | null;
  /** The state diagram of the case's route, laid out (functions/pages/console/machineDiagram.tsx). */
  diagram: LaidOutDiagram;
  /** The case's region's names of its rule's steps (regions/<region>/region.json `document.steps`). */
  stepNames: Partial<Record<RuleStep, string>>;
  /** ケアプランの写し uploaded by the care manager: sent, delivered, receipt confirmed; the PDF behind a link. */
  carePlanCopies?: CarePlanCopyView[];
  /** 看護サマリー: when the hospital recorded it sent, and how many came as data (opened on their own page). */
  nursingSummary?: { sentAt: string | null; versions: number } | undefined;
}

/** A provider's error, said to a person: what happened and what to do. */
const explained = (raw: unknown) => {
  const p = explainDeliveryError(String(raw));
  return `${p.what}${p.todo}`;
};

function Timeline({
  detail,
  resends,
  recipients,
  actorName,
}: {
  detail: CaseDetail;
  resends: Map<string, string>;
  recipients: Map<string, string>;
  actorName: (actor: string) => string;
}) {
  const notices = new Map(
    detail.timeline
      .filter((t) => t.kind === 'notice')
      .map((t) => [(t as { noticeId: string }).noticeId, t as { notice: string; at: string }]),
  );
  return (
    <table class="list" id="timeline">
      <tr>
        <th>日時</th>
        <th>種類</th>
        <th>内容</th>
        <th>結果</th>
      </tr>
      {detail.timeline.map((t) => {
        const e = t as Record<string, unknown> & { kind: string; at: string };
        if (e.kind === 'event') {
          const manual = e.manual as { by: string; byName: string; reason: string } | null;
          const who = manual?.by ? actorName(manual.by) : '';
          return (
            <tr>
              <td>{jst(e.occurredAt as string)}</td>
              <td>出来事 ({SOURCES[e.source as string] ?? String(e.source)})</td>
              <td>
                {label(EVENT_LABELS, e.type as string)}
                {manual && (
                  <div class="muted">
                    手入力{who && `: ${who}`}
                    {manual.reason && ` / 理由: ${manual.reason}`}
                  </div>
                )}
              </td>
              <td>
                {e.outcome === 'accepted' ? (
                  `→ ${label(STATE_LABELS, e.stateAfter as string)}`
                ) : (
                  <span class="late">記録のみ (現在の段階では規則上受け付けられない出来事)</span>
                )}
              </td>
            </tr>
          );
        }
        if (e.kind === 'notice') {
          const of = resends.get(e.noticeId as string);
          return (
            <tr>
              <td>{jst(e.at)}</td>
              <td>通知 ({e.channel === 'fax' ? 'FAX' : 'メール'})</td>
              <td>
                {e.notice ? noticeLabel(e.notice as string) : '—'} →{' '}
                {recipients.get(String(e.recipient)) ?? '名簿にない宛先'}
                {of && <div class="muted">再送 (元の通知: {jst(notices.get(of)?.at)})</div>}
              </td>
              <td>
                {NOTICE_STATUS[e.status as string] ?? String(e.status)}
                {e.lastError && e.status !== 'sent' ? <div class="muted">{explained(e.lastError)}</div> : null}
              </td>
            </tr>
          );
        }
        return (
          <tr>
            <td>{jst(e.at)}</td>
            <td>配信</td>
            <td class="muted">
              {(() => {
                const n = notices.get(String(e.noticeId));
                return n?.notice ? noticeLabel(n.notice) : '通知';
              })()} {e.recipient ? `→ ${String(e.recipient)}` : ''}
            </td>
            <td>
              {e.status === 'sent' || e.status === 'delivered'
                ? '配信済み'
                : e.status === 'dead'
                  ? '不達 (打ち切り)'
                  : e.status === 'queued'
                    ? '送信中'
                    : '失敗 (再試行)'}
              {e.detail && e.status !== 'sent' && e.status !== 'delivered' ? (
                <div class="muted">{explained(e.detail)}</div>
              ) : null}
            </td>
          </tr>
        );
      })}
    </table>
  );
}

function Actions({ detail, extras, csrf }: { detail: CaseDetail; extras: CaseExtras; csrf: string }) {
  const resendable = detail.timeline.filter(
    (t) => t.kind === 'notice' && (t as { status?: string }).status !== 'pending',
  ) as unknown as { noticeId: string; notice: string; status: string; at: string }[];
  return (
    <section id="actions">
      <h2>操作</h2>
      <h3>通知の再送</h3>
      {resendable.length === 0 && <p class="muted">再送できる通知はありません。</p>}
      <table class="list">
        {resendable.map((n) => (
          <tr>
            <td>{jst(n.at)}</td>
            <td>{n.notice ? noticeLabel(n.notice) : '—'}</td>
            <td>{NOTICE_STATUS[n.status] ?? n.status}</td>
            <td>
              <form
                class="inline resend"
                method="post"
                action={`/console/cases/${detail.caseId}/notices/${n.noticeId}/resend`}
              >
                <CsrfField csrf={csrf} />
                <input name="reason" placeholder="理由 (任意)" size={16} />
                <button type="submit">再送する</button>
              </form>
            </td>
          </tr>
        ))}
      </table>
      {detail.state !== 'closed' && (
        <form method="post" action={`/console/cases/${detail.caseId}/care-office`} id="reassign">
          <CsrfField csrf={csrf} />
          <input type="hidden" name="nonce" value={extras.nonce} />
          <h3 class="flush">担当ケアマネ事業所の変更</h3>
          <label for="careOfficeId">新しい事業所</label>
          <select id="careOfficeId" name="careOfficeId" required>
            <option value="">選んでください</option>
            {extras.offices
              .filter((o) => o.id !== detail.careOfficeId)
              .map((o) => (
                <option value={o.id}>{o.name}</option>
              ))}
          </select>
          <label for="reassign-reason">理由 (必須)</label>
          <textarea id="reassign-reason" name="reason" required maxlength={500}></textarea>
          <button type="submit">変更を記録する</button>
        </form>
      )}
      {detail.informationSheetNotNeeded && (
        <p class="notice" id="sheet-not-needed">
          入院時情報提供シート: 今回は提供不要（病院と合意） — 合意した病院の担当者:{' '}
          {detail.informationSheetNotNeeded.agreedWith.name} ({detail.informationSheetNotNeeded.agreedWith.role})、
          {detail.informationSheetNotNeeded.recordedBy === 'care_manager' ? 'ケアマネジャー' : '病院'}が記録
        </p>
      )}
      {!detail.inRuleScope && (
        <form method="post" action={`/console/cases/${detail.caseId}/rule-scope`} id="rule-scope">
          <CsrfField csrf={csrf} />
          <h3 class="flush">入退院支援ルールの対象外</h3>
          <p class="muted">
            自宅等から入院し自宅等へ退院する方ではないため、期限の催促をせず、調整漏れの割合にも含めていません。対象になった場合は理由を記録して対象に変更します。
          </p>
          <label for="scope-reason">理由 (必須)</label>
          <input id="scope-reason" name="reason" required maxlength={500} size={40} />
          <button type="submit">ルールの対象に変更する</button>
        </form>
      )}
      <form method="post" action={`/console/cases/${detail.caseId}/links/revoke`} id="revoke-links">
        <CsrfField csrf={csrf} />
        <h3 class="flush">ケアマネジャー向けリンクの無効化</h3>
        <p class="muted">
          この入院について事業所へ送ったリンク (依頼ページ・SMS の短縮リンク)
          をすべて無効にします。誤送信や転送のときに使います。必要なら通知を再送すると新しいリンクが届きます。
        </p>
        <label for="revoke-reason">理由 (任意)</label>
        <input id="revoke-reason" name="reason" maxlength={500} size={40} />
        <button type="submit">リンクを無効にする</button>
      </form>
      <p>
        <a href={`/console/cases/${detail.caseId}/events/new`} id="manual-event">
          出来事を手入力で記録する (理由が必要です)
        </a>
      </p>
    </section>
  );
}

export function CasePage({ ctx, detail, extras }: { ctx: PageContext; detail: CaseDetail; extras: CaseExtras }) {
  const accepted = detail.timeline.filter(
    (t): t is Extract<CaseDetail['timeline'][number], { kind: 'event' }> =>
      t.kind === 'event' && t.outcome === 'accepted',
  );
  const path = [{ state: 'admission', event: null }, ...accepted.map((t) => ({ state: t.stateAfter, event: t.type }))];
  return (
    <ConsolePage title={`入院 ${detail.hospitalizationId} (${extras.hospitalName})`} section="cases" ctx={ctx}>
      <Flash message={extras.flash} />
      <dl>
        <dt>利用者</dt>
        <dd>
          {detail.patient.name} 様{detail.patient.nameKana && <span class="muted"> ({detail.patient.nameKana})</span>}{' '}
          (生年月日 {detail.patient.birthDate})
        </dd>
        <dt>病院 / 病棟</dt>
        <dd>
          {extras.hospitalName} / {detail.ward}
        </dd>
        <dt>入院</dt>
        <dd>
          {jst(detail.admittedAt)} (ルート{detail.route})
        </dd>
        <dt>現在の段階</dt>
        <dd id="current-state">
          <strong>{label(STATE_LABELS, detail.state)}</strong>
          {extras.ruleStep && <span class="muted"> ({extras.ruleStep})</span>}
          {detail.closedReason && ` (${label(CLOSED_LABELS, detail.closedReason)})`}
        </dd>
        <dt>担当ケアマネ事業所</dt>
        <dd>{extras.careOfficeName ?? (detail.careOfficeId ? '名簿にない事業所' : '未定')}</dd>
        <dt>他の事業所への写し</dt>
        <dd>
          <a href={`/console/cases/${detail.caseId}/providers`}>訪問看護・デイサービスなどへの写し</a>
        </dd>
        {extras.nursingSummary?.sentAt && (
          <>
            <dt>看護サマリー</dt>
            <dd id="nursing-summary">
              {extras.nursingSummary.versions > 0 ? (
                <a href={`/console/cases/${detail.caseId}/nursing-summary`}>
                  看護サマリーを見る ({jst(extras.nursingSummary.sentAt)}
                  {extras.nursingSummary.versions > 1 ? `、${extras.nursingSummary.versions}件` : ''})
                </a>
              ) : (
                `提供済み (${jst(extras.nursingSummary.sentAt)}) / ${SUMMARY_SENT_SEPARATELY}`
              )}
            </dd>
          </>
        )}
        {detail.leak && (
          <>
            <dt>{isSurveyLeak(detail.leak.reason) ? '調整漏れ (引継ぎなし)' : '連絡の遅れ'}</dt>
            <dd class="late">
              {label(LEAK_LABELS, detail.leak.reason)}: {detail.leak.detail}
            </dd>
          </>
        )}
        {detail.previousStay && (
          <>
            <dt>前の入院</dt>
            <dd>
              <PreviousStay stay={detail.previousStay} />
            </dd>
          </>
        )}
      </dl>
      <section>
        <h2>状態遷移図 (規則の定義から作図)</h2>
        <div class="diagram-row">
          <MachineDiagram diagram={extras.diagram} current={detail.state} path={path} />
          <StepStrip
            diagram={extras.diagram}
            current={detail.state}
            entered={accepted.map((t) => ({ state: t.stateAfter, at: t.occurredAt }))}
            stepNames={extras.stepNames}
          />
        </div>
      </section>
      <section>
        <h2>期限</h2>
        <table class="list" id="deadlines">
          <tr>
            <th>手順</th>
            <th>担当</th>
            <th>期限</th>
            <th>状況</th>
            <th>根拠</th>
          </tr>
          {detail.deadlines.map((d) => (
            <tr>
              <td>{d.label}</td>
              <td>{OWNER_LABELS[d.owner]}</td>
              <td>{deadlineDay(d.dueAt)}</td>
              <td class={d.status === 'overdue' || d.status === 'missed' ? 'late' : undefined}>
                {DEADLINE_STATUS[d.status] ?? d.status}
                {d.metAt && <div class="muted">{jst(d.metAt)}</div>}
              </td>
              <td class="muted">{d.reason}</td>
            </tr>
          ))}
        </table>
      </section>
      {(extras.carePlanCopies ?? []).length > 0 && (
        <section id="care-plan-copies">
          <h2>ケアプランの写し</h2>
          <CarePlanCopyStatus
            copies={extras.carePlanCopies ?? []}
            pdfHref={(copy) => `/console/cases/${detail.caseId}/care-plan-copies/${copy.id}`}
          />
        </section>
      )}
      <Actions detail={detail} extras={extras} csrf={ctx.csrf} />
      <section>
        <h2>経過 (出来事・通知・配信)</h2>
        <Timeline
          detail={detail}
          resends={extras.resends}
          recipients={extras.recipients}
          actorName={extras.actorName}
        />
      </section>
      <section>
        <h2>加算の根拠</h2>
        <table class="list" id="billing">
          <tr>
            <th>加算</th>
            <th>側</th>
            <th>単位・点数</th>
            <th>記録上</th>
            <th>根拠 / 不足</th>
          </tr>
          {detail.billing.map((b) => (
            <tr>
              <td>{b.name}</td>
              <td>{b.side === 'hospital' ? '病院' : 'ケアマネ'}</td>
              <td>{b.value}</td>
              <td>{b.supported ? '要件を満たす' : '未充足'}</td>
              <td class="muted">{[...b.basis, ...b.missing.map((m) => `不足: ${m}`)].join(' / ')}</td>
            </tr>
          ))}
        </table>
        <RecordEvidence comparison={detail.dischargeRecord} />
      </section>
      <section>
        <h2>監査ログ (この入院)</h2>
        <AuditTable items={extras.audit} withTarget={false} />
      </section>
    </ConsolePage>
  );
}

/** A link to the earlier stay, or (at a hospital the reader may not see) only that there was one. */
function PreviousStay({ stay }: { stay: NonNullable<CaseDetail['previousStay']> }) {
  const what = stay.reason === 'transfer' ? '転院元' : '再入院 (前回)';
  const where = stay.atAnotherHospital ? '他の病院' : '';
  if (stay.caseId === null)
    return (
      <span id="previous-stay">
        {what}: {where}での入院があります (この画面からは開けません)
      </span>
    );
  return (
    <a id="previous-stay" href={`/console/cases/${stay.caseId}`}>
      {what}
      {where && ` (${where})`}
    </a>
  );
}
