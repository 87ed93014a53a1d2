// Accounts from the command line, against the configured database (DATABASE_URL):
//   npm run account -- create --login suzuki --name "鈴木" --role admin [--email suzuki@center.example.jp]
//   npm run account -- create --login tanaka --name "田中" --role hospital_staff --hospital sanda-shimin
//   npm run account -- list | password <login> | token <login> | disable <login> | reset-2fa <login>
// A password is generated and printed once unless --password-stdin gives one. An administrator
// enrols an authenticator app at first console login; `reset-2fa` turns an account's second factor
// off (a lost phone; audited, its sessions end) so that it enrols again.
import { parseArgs } from 'node:util';
import {
  audit,
  createAccount,
  disableAccount,
  findAccount,
  issueApiToken,
  listAccounts,
  type Role,
  resetTwoFactor,
  setPassword,
} from '../engine/access/index.js';
import { readConfig } from '../engine/config.js';
import { generatePassword, MIN_PASSWORD_LENGTH } from '../engine/crypto/index.js';
import { silentLogger } from '../engine/log.js';
import { startEngine } from '../functions/runtime.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

function fail(message: string): never {
  console.error(`account: ${message}`);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    login: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    hospital: { type: 'string' },
    email: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
  },
});
const [command, target] = positionals;
const deps = await startEngine(readConfig(process.env), { log: silentLogger });
const actor = `cli:${process.env.USER ?? 'unknown'}`;
try {
  const password = async () => {
    const p = values['password-stdin'] ? await readStdin() : generatePassword();
    if (p.length < MIN_PASSWORD_LENGTH) fail(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
    return p;
  };
  const existing = async () => (await findAccount(deps, target ?? '')) ?? fail(`no account "${target ?? ''}"`);
  switch (command) {
    case 'create': {
      const role = values.role as Role;
      if (!values.login || !values.name || !['admin', 'hospital_staff'].includes(role)) {
        fail('create needs --login, --name and --role admin|hospital_staff (and --hospital for hospital_staff)');
      }
      const pw = await password();
      const result = await createAccount(
        deps,
        {
          loginId: values.login,
          name: values.name,
          role,
          hospitalId: values.hospital ?? null,
          password: pw,
          email: values.email ?? null,
        },
        actor,
      );
      if (result.kind !== 'created') fail(result.kind.replace('_', ' '));
      console.log(
        `created ${result.account.loginId} (${result.account.role}${result.account.hospitalId ? `, ${result.account.hospitalId}` : ''})`,
      );
      if (!values['password-stdin']) console.log(`password (shown once): ${pw}`);
      console.log(`API token (shown once): ${result.apiToken}`);
      break;
    }
    case 'list':
      for (const a of await listAccounts(deps)) {
        console.log(
          [
            a.loginId,
            a.role,
            a.hospitalId ?? '-',
            a.disabledAt ? `disabled ${a.disabledAt}` : 'active',
            a.twoFactor ? '2fa' : a.role === 'admin' ? '2fa at next login' : 'password only',
            a.name,
          ].join('\t'),
        );
      }
      break;
    case 'password': {
      const row = await existing();
      const pw = await password();
      await setPassword(deps, row.id, pw);
      console.log(values['password-stdin'] ? 'password set; sessions ended' : `new password (shown once): ${pw}`);
      break;
    }
    case 'token':
      console.log(`API token (shown once): ${await issueApiToken(deps, (await existing()).id)}`);
      break;
    case 'disable':
      await disableAccount(deps, (await existing()).id);
      console.log('disabled; sessions ended, tokens revoked');
      break;
    case 'reset-2fa': {
      const row = await existing();
      await resetTwoFactor(deps, row.id);
      await audit(
        deps,
        { actor, action: 'two_factor.reset', target: row.id, detail: { wasEnabled: row.totpSecret !== null } },
        { ip: null, userAgent: 'npm run account' },
      );
      console.log(
        row.role === 'admin'
          ? 'second factor reset; sessions ended; enrols again at next console login'
          : 'second factor reset; sessions ended; signs in with the password alone',
      );
      break;
    }
    default:
      fail('usage: npm run account -- create|list|password|token|disable|reset-2fa ...');
  }
} finally {
  deps.database.close();
}
