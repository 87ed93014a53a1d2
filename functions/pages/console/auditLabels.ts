import { EVENT_LABELS, UNLISTED_NAMES } from '../../../engine/console/index.js';
import type { TaskKind } from '../../../machines/types.js';
import { TASK_TITLES } from '../taskPages.js';

// The audit log as people read it: each action in Japanese, each actor by name. The stored action
// and actor stay as they are (the API and the CSV's last columns keep them for machines).

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'access.denied': '権限のない操作を拒否',
  'account.created': 'アカウントを作成',
  'account.disabled': 'アカウントを無効化',
  'account.token_issued': 'APIトークンを発行',
  'case.action.denied': '他院の入院への操作を拒否',
  'case.links.revoked': 'ケアマネジャー向けリンクを無効化',
  'case.view.denied': '他院の入院の閲覧を拒否',
  'case.viewed': '入院を閲覧',
  'data_keys.rotated': '暗号鍵を更新',
  'directory.care_office.saved': '名簿: ケアマネ事業所を保存',
  'directory.hospital.saved': '名簿: 病院を保存',
  'directory.region_administrator.saved': '名簿: 地域の管理者を保存',
  'directory.webhook_secret.issued': '病院の送信用の鍵を発行',
  'fax.receipt.confirmed': 'FAXの受信を確認',
  'login.failed': 'ログインに失敗',
  'login.succeeded': 'ログイン',
  logout: 'ログアウト',
  'notice.resent': '通知を再送',
  'nursing_summary.viewed': 'ケアマネジャーが看護サマリーを表示 (お知らせのリンク)',
  'nursing_summary.pdf': 'ケアマネジャーが看護サマリーのPDFを取得 (お知らせのリンク)',
  'office.nursing_summary_viewed': 'ケアマネジャーが看護サマリーを表示 (事業所のページ)',
  'office.nursing_summary_pdf': 'ケアマネジャーが看護サマリーのPDFを取得 (事業所のページ)',
  'case.nursing_summary_viewed': '看護サマリーを表示 (管理画面)',
  'reported_admission.confirmed': 'ケアマネジャーから連絡された入院を病院が確認',
  'reported_admission.not_found': 'ケアマネジャーから連絡された入院に病院が「該当する入院はありません」と回答',
  'stuck.follow_up': '滞留への対応を記録',
};

/** One action in Japanese; an action not in the table is shown as stored rather than hidden. */
export function auditActionLabel(action: string): string {
  const known = AUDIT_ACTION_LABELS[action];
  if (known) return known;
  const fact = /^case\.fact\.([a-z_]+?)(\.refused)?$/.exec(action);
  if (fact) {
    const name = EVENT_LABELS[fact[1] as keyof typeof EVENT_LABELS] ?? fact[1];
    return `出来事を手入力: ${name}${fact[2] ? ' (規則上受け付けられず記録のみ)' : ''}`;
  }
  const task = /^task\.([a-z_]+)\.completed$/.exec(action);
  if (task) return `ケアマネジャーが依頼に回答: ${TASK_TITLES[task[1] as TaskKind] ?? task[1]}`;
  return action;
}

/** Names to read an actor by: accounts by login id, care offices by id. */
export interface ActorNames {
  accounts: Map<string, string>;
  offices: Map<string, string>;
  hospitals: Map<string, string>;
}

export function auditActorLabel(actor: string, names: ActorNames): string {
  if (actor === 'bootstrap-admin') return '初期管理者 (管理トークン)';
  if (actor === 'anonymous') return '(ログイン前)';
  const [kind, id = '', sub = ''] = actor.split(':');
  if (kind === 'account') return names.accounts.get(id) ?? `(${UNLISTED_NAMES.account})`;
  if (kind === 'care_office') return `ケアマネジャー (${names.offices.get(id) ?? UNLISTED_NAMES.care_office})`;
  // The hospital's own system (its webhook named the other providers of an admission).
  if (kind === 'hospital') return `病院 (${names.hospitals.get(id) ?? UNLISTED_NAMES.hospital})`;
  if (kind === 'hospital_window')
    return `病院の窓口 (${(id === 'hospital' ? names.hospitals.get(sub) : names.offices.get(sub)) ?? '名簿にない宛先'})`;
  if (kind === 'fax_receiver')
    return `FAXの受信者 (${(id === 'hospital' ? names.hospitals.get(sub) : names.offices.get(sub)) ?? '名簿にない宛先'})`;
  return actor;
}
