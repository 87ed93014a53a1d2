// Sealing personal data with AES-GCM (WebCrypto): what opens, and what refuses to open.
import { describe, expect, it } from 'vitest';
import { DataKeyError, importDataKeys, open, parseDataKeys, seal, sealedWith } from '../../../engine/crypto/index.js';
import { casePatient, sealPatient } from '../../../engine/patients/index.js';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const keys = (text: string) => importDataKeys(parseDataKeys(text));

async function refusal(p: Promise<unknown>): Promise<DataKeyError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, 'should have been refused').toBeInstanceOf(DataKeyError);
  return e as DataKeyError;
}

describe('data keys: AES-256-GCM with the key id and a fresh IV in every value', () => {
  it('a value sealed under the current key opens again, names its key, and never repeats its ciphertext', async () => {
    const k = await keys(`k2:${key(2)},k1:${key(1)}`);
    const a = await seal(k, '山田 花子', 'ctx');
    const b = await seal(k, '山田 花子', 'ctx');
    expect(a).toMatch(/^enc:v1:k2:[\w-]{16}:[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('山田');
    expect(sealedWith(a)).toBe('k2');
    expect(await open(k, a, 'ctx')).toBe('山田 花子');
  });

  it('an older key listed after the current one still opens what it sealed', async () => {
    const old = await seal(await keys(`k1:${key(1)}`), '1941-05-02', 'ctx');
    expect(await open(await keys(`k2:${key(2)},k1:${key(1)}`), old, 'ctx')).toBe('1941-05-02');
  });

  it('a missing key is named, and a different key under the same id is refused, never garbage', async () => {
    const sealed = await seal(await keys(`k1:${key(1)}`), '山田 花子', 'ctx');
    expect((await refusal(open(await keys(`k2:${key(2)}`), sealed, 'ctx'))).message).toContain(
      '"k1", which is not configured',
    );
    expect((await refusal(open(await keys(`k1:${key(9)}`), sealed, 'ctx'))).message).toContain('does not open');
  });

  it('a sealed patient moved to another case does not open there (the case id is authenticated data)', async () => {
    const deps = { dataKeys: await keys(`k1:${key(1)}`) };
    const patient = await sealPatient(deps, 'case_A', { name: '山田 花子', birthDate: '1941-05-02' });
    expect(await casePatient(deps, { id: 'case_A', patient, snapshot: { context: {} } })).toEqual({
      name: '山田 花子',
      birthDate: '1941-05-02',
    });
    await refusal(casePatient(deps, { id: 'case_B', patient, snapshot: { context: {} } }));
  });

  it('an altered ciphertext is refused', async () => {
    const k = await keys(`k1:${key(1)}`);
    const sealed = await seal(k, '山田 花子', 'ctx');
    const last = sealed.at(-2) === 'A' ? 'B' : 'A';
    await refusal(open(k, `${sealed.slice(0, -2)}${last}${sealed.at(-1)}`, 'ctx'));
    await refusal(open(k, 'enc:v1:k1:garbage', 'ctx'));
  });
});
