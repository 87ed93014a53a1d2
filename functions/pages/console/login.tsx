import { Layout } from '../layout.js';

export function LoginPage(props: { next: string; error?: string; loginId?: string }) {
  return (
    <Layout title="ログイン">
      <h1>renkei 連携コンソール ログイン</h1>
      <p class="muted">地域の在宅医療・介護連携支援センターと病院の連携担当者のための画面です。</p>
      <form method="post" action="/console/login">
        {props.error && (
          <div class="notice error" role="alert">
            {props.error}
          </div>
        )}
        <input type="hidden" name="next" value={props.next} />
        <label for="loginId">ログインID</label>
        <input id="loginId" name="loginId" autocomplete="username" required value={props.loginId ?? ''} />
        <label for="password">パスワード</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <div>
          <button type="submit">ログイン</button>
        </div>
      </form>
    </Layout>
  );
}
