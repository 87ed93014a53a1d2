import { defineConfig } from 'vitest/config';

// The suites StrykerJS runs for each mutant of machines/ (`npm run mutation`): the fixed examples that
// prove a rule line from the machine, the calendar or a region pack, with no server, database or
// browser, so a mutant is judged in a second or two. The property suites (test/machines/*.properties)
// are left out: each would run for every mutant it covers (nearly all of them), and a rule line must
// be held by a fixed example anyway.
export default defineConfig({
  test: {
    include: ['test/machines/**/*.test.ts', 'test/regions/differences.test.ts', 'test/notifiers/regionTexts.test.ts'],
    exclude: ['test/machines/**/*properties.test.ts'],
    testTimeout: 30_000,
    // One module graph for all files of a run: each mutant's run then imports the machine and the
    // region packs once, not once per file (the mutant is switched at run time, so sharing is safe).
    isolate: false,
  },
});
