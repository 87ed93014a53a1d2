import type { Child } from 'hono/jsx';
import encodeQR from 'qr';
import { groupedCode } from '../../../engine/crypto/index.js';
import { Layout } from '../layout.js';
import { ConsolePage, CsrfField, jst, type PageContext } from './common.js';

// The second factor's pages: the code after the password, enrolment (QR code drawn here as inline
// SVG: no script, no image request, nothing the Content-Security-Policy has to allow), the recovery
// codes shown once, and the factor's status for a signed-in account.

/** Quiet zone around the QR code, in modules (the standard asks for 4). */
const QUIET = 4;

/** The QR code as one SVG path of unit squares, the way the FAX draws its own (notifiers/faxPdf.ts). */
export function QrCode(props: { text: string; label: string }) {
  const modules = encodeQR(props.text, 'raw', { ecc: 'medium' });
  const size = modules.length + 2 * QUIET;
  const d = modules
    .flatMap((row, y) => row.map((dark, x) => (dark ? `M${x + QUIET} ${y + QUIET}h1v1h-1z` : '')))
    .join('');
  return (
    <svg
      class="qr"
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${size} ${size}`}
      width="220"
      height="220"
      role="img"
      aria-label={props.label}
      shape-rendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}

function ErrorNote({ error }: { error: string | undefined }) {
  return error ? (
    <div class="notice error" role="alert">
      {error}
    </div>
  ) : null;
}

/** A page of a session still waiting for its second factor: no navigation, only the way out. */
function HalfwayPage(props: { title: string; csrf: string; children: Child }) {
  return (
    <Layout title={props.title}>
      <h1>{props.title}</h1>
      {props.children}
      <form method="post" action="/console/logout">
        <CsrfField csrf={props.csrf} />
        <button type="submit">ログアウト</button>
      </form>
    </Layout>
  );
}

/** After the password: the 6-digit code from the app, or one recovery code. */
export function SecondFactorPage(props: { csrf: string; next: string; error?: string }) {
  return (
    <HalfwayPage title="二段階認証" csrf={props.csrf}>
      <form method="post" action="/console/login/code">
        <ErrorNote error={props.error} />
        <CsrfField csrf={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <label for="code">認証アプリに表示されている6桁のコード</label>
        <input id="code" name="code" autocomplete="one-time-code" required maxlength={40} />
        <p class="muted">
          スマートフォンが手元にないときは、登録のときに控えた回復コード(16文字)を入力してください。回復コードは1つにつき1回だけ使えます。
        </p>
        <div>
          <button type="submit">確認</button>
        </div>
      </form>
    </HalfwayPage>
  );
}

/** Enrolment: scan the QR code (or type the key), then prove it with a first code. */
function EnrolForm(props: { csrf: string; next: string; secret: string; uri: string; error?: string }) {
  return (
    <>
      <ol>
        <li>スマートフォンの認証アプリ(Google Authenticator、Microsoft Authenticator など)を開きます。</li>
        <li>次のQRコードを読み取ります。読み取れないときはキーを手で入力します(時間ベース、6桁、30秒)。</li>
        <li>アプリに表示された6桁のコードを入力して「登録する」を押します。</li>
      </ol>
      <QrCode text={props.uri} label="認証アプリに登録するためのQRコード" />
      <p>
        キー: <code id="totp-secret">{groupedCode(props.secret)}</code>
      </p>
      <form method="post" action="/console/two-factor">
        <ErrorNote error={props.error} />
        <CsrfField csrf={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <label for="code">6桁のコード</label>
        <input id="code" name="code" autocomplete="one-time-code" inputmode="numeric" required maxlength={20} />
        <div>
          <button type="submit">登録する</button>
        </div>
      </form>
    </>
  );
}

export interface EnrolProps {
  csrf: string;
  next: string;
  secret: string;
  uri: string;
  error?: string;
  /** Set for a signed-in account enrolling by choice; absent for an administrator who must enrol now. */
  ctx?: PageContext;
}

export function EnrolPage(props: EnrolProps) {
  const form = <EnrolForm {...props} />;
  if (props.ctx)
    return (
      <ConsolePage title="二段階認証の設定" section="security" ctx={props.ctx}>
        <p>ログインのたびに、パスワードに加えて認証アプリのコードを確認します。</p>
        {form}
      </ConsolePage>
    );
  return (
    <HalfwayPage title="二段階認証の設定" csrf={props.csrf}>
      <p class="notice">管理者のアカウントは二段階認証が必須です。設定が終わるまで、ほかの画面は使えません。</p>
      {form}
    </HalfwayPage>
  );
}

/** The recovery codes, this once: only their hashes are kept. */
export function RecoveryCodesPage(props: { codes: string[]; next: string; ctx: PageContext }) {
  return (
    <ConsolePage title="回復コード" section="security" ctx={props.ctx}>
      <p class="notice" role="status">
        二段階認証を設定しました。次の回復コードを印刷するか書き写し、スマートフォンとは別の安全な場所に保管してください。
        この画面を閉じると二度と表示できません。スマートフォンをなくしたときは、コードの代わりに1つずつ使えます(各1回限り)。
      </p>
      <ul id="recovery-codes" class="codes">
        {props.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a href={props.next}>控えたので続ける</a>
      </p>
    </ConsolePage>
  );
}

/** A signed-in account whose second factor is on. */
export function TwoFactorStatusPage(props: { ctx: PageContext; enabledAt: string | null; recoveryLeft: number }) {
  return (
    <ConsolePage title="二段階認証の設定" section="security" ctx={props.ctx}>
      <p>
        二段階認証は<strong>有効</strong>です(設定日時 {jst(props.enabledAt)})。
      </p>
      <p>
        使える回復コード: <span id="recovery-left">{props.recoveryLeft}</span> 個
      </p>
      <form method="post" action="/console/two-factor/recovery-codes">
        <CsrfField csrf={props.ctx.csrf} />
        <p class="muted">新しい回復コードを発行すると、これまでの回復コードは使えなくなります。</p>
        <button type="submit">回復コードを発行し直す</button>
      </form>
      <p class="muted">
        スマートフォンを替えたりなくしたりしたときは、管理者に二段階認証のリセットを依頼してください。
      </p>
    </ConsolePage>
  );
}
