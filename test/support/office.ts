import type { Page } from 'playwright-core';
import { mailsSent, type TestServer } from './server.js';
import { waitUntil } from './wait.js';

/** A phone's browser on the care office's page: keeps the office cookie, sends Origin, reads the CSRF field. */
export function officeClient(s: TestServer) {
  let cookie = '';
  // Each phone its own address, as the sign-in requests of one address are limited.
  const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
  const keep = (res: Response) => {
    const set = res.headers.get('set-cookie');
    if (set?.startsWith('__Host-renkei_office=')) cookie = set.split(';')[0]!;
    return res;
  };
  const c = {
    get: (path: string) => fetch(`${s.base}${path}`, { headers: { cookie }, redirect: 'manual' }).then(keep),
    async post(path: string, form: Record<string, string>, opts: { csrf?: boolean } = {}) {
      let body = new URLSearchParams(form);
      if (opts.csrf !== false && cookie) {
        const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await c.get('/office')).text())?.[1];
        if (csrf) body = new URLSearchParams({ ...form, _csrf: csrf });
      }
      return keep(
        await fetch(path.startsWith('http') ? path : `${s.base}${path}`, {
          method: 'POST',
          body,
          redirect: 'manual',
          headers: {
            cookie,
            origin: s.base,
            'content-type': 'application/x-www-form-urlencoded',
            'x-forwarded-for': address,
          },
        }),
      );
    },
    get cookie() {
      return cookie;
    },
  };
  return c;
}

/** The sign-in link in a mail's text. */
export function signInLink(text: string): string | undefined {
  return /https?:\/\/\S+\/office\/signin\/[A-Za-z0-9_-]+/.exec(text)?.[0];
}

/** A phone signed in to the office page of `email`, through a link mailed to the test SMTP server. */
export async function signedInOffice(s: TestServer, email: string) {
  const mails = () => s.smtp!.mails.filter((m) => m.to.includes(email) && signInLink(m.text));
  const before = mails().length;
  const phone = officeClient(s);
  const asked = await phone.post('/office/signin', { email });
  if (asked.status !== 200) throw new Error(`sign-in request: ${asked.status}`);
  const deadline = Date.now() + 5000;
  while (mails().length <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const link = signInLink(mails().at(-1)?.text ?? '');
  if (!link) throw new Error('no sign-in mail');
  const signed = await phone.post(link, {});
  if (signed.status !== 303) throw new Error(`sign-in: ${signed.status}`);
  return phone;
}

/** In a browser: asks for the sign-in link of `email`, opens the mailed link and presses its button; ends on /office. */
export async function signInOfficeInBrowser(page: Page, s: TestServer, email: string) {
  const link = () => mailsSent(s).find((m) => m.to.includes(email) && signInLink(m.text));
  await page.goto(`${s.base}/office`);
  await page.fill('#email', email);
  await page.click('button[type=submit]');
  await waitUntil(() => link() !== undefined);
  await page.goto(signInLink(link()!.text)!);
  await page.click('button[type=submit]');
  await page.waitForURL(`${s.base}/office`);
}
