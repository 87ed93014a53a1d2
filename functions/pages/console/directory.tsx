import { type CareOffice, DEFAULT_DIGEST_HOUR, type RegionAdministrator } from '../../../engine/directory/index.js';
import { ConsolePage, CsrfField, Errors, Flash, type PageContext } from './common.js';

type Hospital = {
  id: string;
  name: string;
  region: string;
  address: string | null;
  phone: string | null;
  windows: {
    id: string;
    name: string;
    phone: string | null;
    fax: string | null;
    email: string | null;
    postalAddress: string | null;
    purposes: string[];
    note: string | null;
    editedAt: number | null;
  }[];
};

/** A region as a select offers it: its id sent, its name shown. */
export type RegionChoice = { id: string; name: string };

const PURPOSES: Record<string, string> = {
  inpatient: '入院中',
  planned_admission: '入院予定',
  outpatient: '通院',
  general: '全般',
};
const KINDS: Record<string, string> = {
  home_care_office: '居宅介護支援事業所',
  community_support_center: '地域包括支援センター',
};
/** The office's preferred channel; blank keeps the default (email). */
const CHANNELS: Record<string, string> = { '': '指定なし (メール)', email: 'メール', sms: 'SMS', fax: 'FAX' };
const DAYS: Record<string, string> = {
  mon: '月',
  tue: '火',
  wed: '水',
  thu: '木',
  fri: '金',
  sat: '土',
  sun: '日',
  holiday: '祝日',
  year_end: '年末年始',
};

const EMAIL_FROM: Record<string, string> = { console: '名簿で登録', pack: '地域の定義ファイル' };

/** Each region's administrator: where escalations of missed deadlines are mailed, or that nobody is. */
function RegionAdministrators({ regions, admin }: { regions: RegionAdministrator[]; admin: boolean }) {
  return (
    <section>
      <h2>地域の管理者 (期限超過の報告先)</h2>
      <p class="muted">
        期限を過ぎたままの引き継ぎは、ここのメールアドレスと、メールアドレスのある管理者アカウント(病院の期限はその病院の職員アカウントにも)へ報告します。
      </p>
      <table class="list" id="region-administrators">
        <tr>
          <th>地域</th>
          <th>管理者</th>
          <th>電話</th>
          <th>メール</th>
          <th>登録元</th>
        </tr>
        {regions.map((r) => (
          <tr>
            <td>{admin ? <a href={`/console/directory/regions/${r.regionId}`}>{r.regionName}</a> : r.regionName}</td>
            <td>{r.name}</td>
            <td>{r.phone ?? '—'}</td>
            <td>{r.email ?? <span class="late">未登録 (この宛先には報告が届きません)</span>}</td>
            <td>{r.emailFrom ? EMAIL_FROM[r.emailFrom] : '—'}</td>
          </tr>
        ))}
      </table>
    </section>
  );
}

export function DirectoryPage({
  ctx,
  hospitals,
  offices,
  regions,
  flash,
}: {
  ctx: PageContext;
  hospitals: Hospital[];
  offices: CareOffice[];
  regions: RegionAdministrator[];
  flash?: string | undefined;
}) {
  const admin = ctx.principal.role === 'admin';
  const regionName = new Map(regions.map((r) => [r.regionId, r.regionName]));
  return (
    <ConsolePage title="名簿 (病院の窓口・ケアマネ事業所)" section="directory" ctx={ctx}>
      <Flash message={flash} />
      <RegionAdministrators regions={regions} admin={admin} />
      <section>
        <h2>病院と窓口</h2>
        {admin && (
          <p>
            <a href="/console/directory/hospitals/new">病院を追加する</a>
          </p>
        )}
        <table class="list" id="hospitals">
          <tr>
            <th>病院</th>
            <th>地域</th>
            <th>窓口</th>
            <th>電話</th>
            <th>FAX</th>
            <th>メール</th>
            <th>用途</th>
          </tr>
          {hospitals.flatMap((h) =>
            h.windows.map((w, i) => (
              <tr>
                {i === 0 && (
                  <td rowspan={h.windows.length}>
                    {admin ? <a href={`/console/directory/hospitals/${h.id}`}>{h.name}</a> : h.name}
                  </td>
                )}
                {i === 0 && <td rowspan={h.windows.length}>{regionName.get(h.region) ?? h.region}</td>}
                <td>
                  {w.name}
                  {w.note && <div class="muted">{w.note}</div>}
                </td>
                <td>{w.phone ?? '—'}</td>
                <td>{w.fax ?? '—'}</td>
                <td>{w.email ?? '—'}</td>
                <td>{w.purposes.map((p) => PURPOSES[p] ?? p).join('・')}</td>
              </tr>
            )),
          )}
        </table>
      </section>
      <section>
        <h2>ケアマネ事業所</h2>
        {admin && (
          <p>
            <a href="/console/directory/care-offices/new">事業所を追加する</a>
          </p>
        )}
        <table class="list" id="offices">
          <tr>
            <th>事業所</th>
            <th>種別</th>
            <th>地域</th>
            <th>所在地</th>
            <th>電話</th>
            <th>FAX</th>
            <th>メール</th>
            <th>営業時間</th>
          </tr>
          {offices.map((o) => (
            <tr>
              <td>{admin ? <a href={`/console/directory/care-offices/${o.id}`}>{o.name}</a> : o.name}</td>
              <td>{KINDS[o.kind]}</td>
              <td>{o.region ? (regionName.get(o.region) ?? o.region) : '—'}</td>
              <td>{o.town ?? '—'}</td>
              <td>{o.phone ?? '—'}</td>
              <td>{o.fax ?? '—'}</td>
              <td>{o.email ?? <span class="late">未登録 (通知が届きません)</span>}</td>
              <td>
                {o.businessHours
                  ? `${o.businessHours.open}〜${o.businessHours.close} 休: ${o.businessHours.closedDays.map((d) => DAYS[d] ?? d).join('・')}`
                  : '—'}
              </td>
            </tr>
          ))}
        </table>
      </section>
    </ConsolePage>
  );
}

export function CareOfficeForm({
  ctx,
  id,
  values,
  errors,
  regions,
}: {
  ctx: PageContext;
  id: string | null;
  values: Record<string, string | string[]>;
  errors: string[];
  regions: RegionChoice[];
}) {
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const closed = Array.isArray(values.closedDays)
    ? values.closedDays
    : values.closedDays
      ? [values.closedDays as string]
      : [];
  return (
    <ConsolePage title={id ? `事業所の編集: ${v('name') || id}` : '事業所の追加'} section="directory" ctx={ctx}>
      <p>
        <a href="/console/directory">← 名簿へ戻る</a>
      </p>
      <form
        method="post"
        action={id ? `/console/directory/care-offices/${id}` : '/console/directory/care-offices/new'}
        id="office-form"
      >
        <Errors errors={errors} />
        <CsrfField csrf={ctx.csrf} />
        {!id && (
          <>
            <label for="id">ID (半角英数字と - _)</label>
            <input id="id" name="id" required value={v('id')} />
          </>
        )}
        <label for="name">名称</label>
        <input id="name" name="name" value={v('name')} />
        <label for="kind">種別</label>
        <select id="kind" name="kind">
          {Object.entries(KINDS).map(([k, l]) => (
            <option value={k} selected={v('kind') === k}>
              {l}
            </option>
          ))}
        </select>
        <label for="region">地域</label>
        <select id="region" name="region">
          <option value="">—</option>
          {regions.map((r) => (
            <option value={r.id} selected={v('region') === r.id}>
              {r.name}
            </option>
          ))}
        </select>
        <label for="email">メールアドレス (通知の宛先)</label>
        <input id="email" name="email" type="text" value={v('email')} />
        <label for="phone">電話番号</label>
        <input id="phone" name="phone" value={v('phone')} />
        <label for="fax">FAX番号</label>
        <input id="fax" name="fax" value={v('fax')} />
        <label for="town">所在地 (市町村・町名)</label>
        <input id="town" name="town" placeholder="例: 〇〇市〇〇町" value={v('town')} />
        <label for="open">営業時間</label>
        <input id="open" name="open" placeholder="09:00" size={6} value={v('open')} /> 〜{' '}
        <input name="close" placeholder="18:00" size={6} value={v('close')} />
        <div>
          {Object.entries(DAYS).map(([d, l]) => (
            <label class="choice">
              <input type="checkbox" name="closedDays" value={d} checked={closed.includes(d)} /> {l}
            </label>
          ))}{' '}
          が休業日
        </div>
        <label for="preferredChannel">通知の主な送り方 (ほかに登録のある送り方は、届かなかったときの予備)</label>
        <select id="preferredChannel" name="preferredChannel">
          {Object.entries(CHANNELS).map(([k, l]) => (
            <option value={k} selected={v('preferredChannel') === k}>
              {l}
            </option>
          ))}
        </select>
        <label for="smsPhone">SMSを受け取る携帯電話番号 (至急のお知らせはメールに加えてSMSでも送ります)</label>
        <input id="smsPhone" name="smsPhone" placeholder="090-1234-5678" value={v('smsPhone')} />
        <label for="notificationMode">通知の受け取り方</label>
        <select id="notificationMode" name="notificationMode">
          <option value="realtime" selected={v('notificationMode') !== 'digest'}>
            お知らせごとにすぐ送る
          </option>
          <option value="digest" selected={v('notificationMode') === 'digest'}>
            急ぎでないお知らせを1日1回まとめて送る (メールアドレスが必要)
          </option>
        </select>
        <label for="digestHour">まとめて送る時刻 (0〜23時)</label>
        <input
          id="digestHour"
          name="digestHour"
          type="number"
          min="0"
          max="23"
          size={3}
          value={v('digestHour') || String(DEFAULT_DIGEST_HOUR)}
        />
        <p class="muted">
          まとめて送る場合も、至急の退院・期限超過・訂正のお知らせはすぐに送ります。まとめはメールで送るため、メールアドレスが登録されている事業所だけが選べます。
        </p>
        <button type="submit">保存する</button>
      </form>
    </ConsolePage>
  );
}

export function HospitalForm({
  ctx,
  id,
  values,
  errors,
  regions,
}: {
  ctx: PageContext;
  id: string | null;
  values: Record<string, string>;
  errors: string[];
  regions: RegionChoice[];
}) {
  const v = (k: string) => values[k] ?? '';
  const rows = [0, 1, 2, 3];
  return (
    <ConsolePage title={id ? `病院の編集: ${v('name') || id}` : '病院の追加'} section="directory" ctx={ctx}>
      <p>
        <a href="/console/directory">← 名簿へ戻る</a>
      </p>
      <p class="muted">ここで編集した病院と窓口は、地域の定義ファイル(region pack)より優先されます。</p>
      <form
        method="post"
        action={id ? `/console/directory/hospitals/${id}` : '/console/directory/hospitals/new'}
        id="hospital-form"
      >
        <Errors errors={errors} />
        <CsrfField csrf={ctx.csrf} />
        {!id && (
          <>
            <label for="id">ID (半角小文字・数字と -)</label>
            <input id="id" name="id" required value={v('id')} />
          </>
        )}
        <label for="name">病院名</label>
        <input id="name" name="name" value={v('name')} />
        <label for="region">地域</label>
        <select id="region" name="region">
          {regions.map((r) => (
            <option value={r.id} selected={v('region') === r.id}>
              {r.name}
            </option>
          ))}
        </select>
        <label for="address">所在地</label>
        <input id="address" name="address" size={40} value={v('address')} />
        <label for="phone">代表電話</label>
        <input id="phone" name="phone" value={v('phone')} />
        <label class="choice">
          <input type="checkbox" name="participating" value="yes" checked={v('participating') === 'yes'} />
          地域の入退院支援ルールに参加している (参加病院)
        </label>
        <h3>窓口 (空欄の行は使いません)</h3>
        <table class="list">
          <tr>
            <th>ID</th>
            <th>名称</th>
            <th>電話</th>
            <th>FAX</th>
            <th>メール</th>
            <th>用途</th>
            <th>備考</th>
          </tr>
          {rows.map((i) => (
            <tr>
              <td>
                <input name={`w${i}.id`} size={14} value={v(`w${i}.id`)} />
              </td>
              <td>
                <input name={`w${i}.name`} size={18} value={v(`w${i}.name`)} />
              </td>
              <td>
                <input name={`w${i}.phone`} size={12} value={v(`w${i}.phone`)} />
              </td>
              <td>
                <input name={`w${i}.fax`} size={12} value={v(`w${i}.fax`)} />
              </td>
              <td>
                <input name={`w${i}.email`} type="email" size={18} value={v(`w${i}.email`)} />
              </td>
              <td>
                {Object.entries(PURPOSES).map(([p, l]) => (
                  <label class="choice">
                    <input
                      type="checkbox"
                      name={`w${i}.purposes`}
                      value={p}
                      checked={v(`w${i}.purposes`).split(',').includes(p)}
                    />
                    {l}{' '}
                  </label>
                ))}
              </td>
              <td>
                <input name={`w${i}.note`} size={14} value={v(`w${i}.note`)} />
              </td>
            </tr>
          ))}
        </table>
        <button type="submit">保存する</button>
      </form>
    </ConsolePage>
  );
}

export function RegionAdministratorForm({
  ctx,
  region,
  email,
  error,
}: {
  ctx: PageContext;
  region: RegionAdministrator;
  email: string;
  error: string | null;
}) {
  return (
    <ConsolePage title={`地域の管理者の編集: ${region.regionName}`} section="directory" ctx={ctx}>
      <p>
        <a href="/console/directory">← 名簿へ戻る</a>
      </p>
      <p class="muted">
        ここで登録したメールアドレスは、地域の定義ファイル(region
        pack)より優先されます。空にして保存すると、この宛先へは報告しません。
      </p>
      <form method="post" action={`/console/directory/regions/${region.regionId}`} id="region-administrator-form">
        <CsrfField csrf={ctx.csrf} />
        <p>
          {region.name}
          {region.phone && <span class="muted"> (電話 {region.phone})</span>}
        </p>
        <label for="email">メールアドレス (期限超過の報告・管理者への警告の宛先)</label>
        <input id="email" name="email" type="text" value={email} aria-describedby={error ? 'email-error' : undefined} />
        {error && (
          <p class="error" id="email-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit">保存する</button>
      </form>
    </ConsolePage>
  );
}
