// The Worker build's stand-in for nodemailer (wrangler.toml [alias]): Workers cannot open SMTP
// connections, so the Worker refuses SMTP_URL at start and mails through MAIL_API_URL. This
// keeps the Node-only SMTP client out of the bundle without splitting notifiers/email.ts.
export default {
  createTransport(): never {
    throw new Error('SMTP is not available on Cloudflare Workers; set MAIL_API_URL');
  },
};
