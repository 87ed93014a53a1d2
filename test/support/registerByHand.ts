import { consoleClient, createAccount } from './console.js';
import type { TestServer } from './server.js';

// Registering an admission by hand in the console (/console/admissions/new, the ledger import): the
// form as a person fills it, and a hospital's staff member signed in to do it.

/** The registration form's fields, filled in (a new requestId each time, as each page load makes one). */
export function admissionForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    requestId: `form_${Math.random().toString(36).slice(2, 14)}`,
    hospitalizationId: 'N-0001',
    name: '三田 太郎',
    birthDate: '1940-04-01',
    ward: '3階西病棟',
    admittedAt: '2026-12-04T09:15',
    office: 'sanda-kyotaku-01',
    firstInformedBy: 'hospital',
    op: 'register',
    ...overrides,
  };
}

/** A hospital's staff member (三田市民病院 unless told) with an account made through the API, signed in to the console. */
export async function staffConsole(
  s: TestServer,
  account: { loginId: string; name: string; password: string; hospitalId?: string },
) {
  const { hospitalId = 'sanda-shimin', ...rest } = account;
  await createAccount(s, { ...rest, role: 'hospital_staff', hospitalId });
  const staff = consoleClient(s);
  await staff.login(account.loginId, account.password);
  return staff;
}

/** The case a registration by hand made: 303 to its page (`?done=registered`); anything else throws. */
export function registeredCaseId(res: Response): string {
  const id = /\/console\/cases\/([^?]+)\?done=registered/.exec(res.headers.get('location') ?? '')?.[1];
  if (res.status !== 303 || !id) throw new Error(`not registered: ${res.status} ${res.headers.get('location')}`);
  return id;
}
