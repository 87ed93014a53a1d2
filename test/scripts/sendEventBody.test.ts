import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { withOccurredAt } from '../../scripts/sendEventBody.js';

// The README's first step: `npm run send-event` with the example file sends today's admission.

describe('send-event dates an event the file leaves undated', () => {
  const now = new Date('2026-12-01T18:05:09.123Z');

  it('the example admission has no occurredAt, so send-event dates it now (Japan time)', async () => {
    const file = await readFile('scripts/examples/admitted.json', 'utf8');
    expect(JSON.parse(file)).not.toHaveProperty('occurredAt');
    const sent = JSON.parse(withOccurredAt(file, now));
    expect(sent.occurredAt).toBe('2026-12-02T03:05:09+09:00');
    expect(Date.parse(sent.occurredAt)).toBe(Math.floor(now.getTime() / 1000) * 1000);
    expect(sent.data.patient.name).toBe('山田 花子');
  });

  it('a file that gives occurredAt is sent exactly as written', () => {
    const text = '{"type":"admitted","occurredAt":"2026-11-20T10:30:00+09:00"}';
    expect(withOccurredAt(text, now)).toBe(text);
  });

  it('a file that is not a JSON object is sent as written (the service answers why)', () => {
    for (const text of ['not json', '[1]', 'null']) expect(withOccurredAt(text, now)).toBe(text);
  });
});
