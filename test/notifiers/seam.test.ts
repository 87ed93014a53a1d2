import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

// Notifiers also run in the Worker bundle: what they need of the database comes through the
// runtime-neutral seam (db/database.ts), never the Node-only libSQL client (db/client.ts).
describe('notifiers and the database seam', () => {
  it('no notifier imports db/client', async () => {
    const dir = new URL('../../notifiers/', import.meta.url);
    const files = (await readdir(dir)).filter((f) => /\.tsx?$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const source = await readFile(new URL(f, dir), 'utf8');
      expect(source, f).not.toMatch(/from\s+['"][^'"]*\/db\/client(\.js)?['"]/);
    }
  });
});
