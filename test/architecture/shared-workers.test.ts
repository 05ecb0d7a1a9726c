import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sourceFiles } from './source.ts';

/*
 * The test files of one worker share its modules (vitest.config.ts: `isolate: false`, which
 * halves the suite's time): nothing a file does may outlive it. Each file already makes its own
 * app, fake Slack and database, and the app keeps no state in modules (src/deps.ts, slots), so
 * what is left to rule out is a test replacing a module, a global, the environment or the clock.
 */
const LEAKS: [RegExp, string][] = [
  [/\bvi\.(mock|doMock|unmock|resetModules)\(/, 'replaces a module'],
  [/\bvi\.(stubGlobal|unstubAllGlobals)\(/, 'replaces a global'],
  [/\bvi\.stubEnv\(|\bprocess\.env\.\w+\s*=[^=]|\bdelete process\.env\./, 'changes the environment'],
  [/\bvi\.useFakeTimers\(/, 'replaces the clock'],
];

describe('test files that share a worker', () => {
  it('replace no module, global, environment variable or clock', () => {
    const found = sourceFiles('test')
      .filter((file) => !file.endsWith('shared-workers.test.ts'))
      .flatMap((file) =>
        readFileSync(join(ROOT, file), 'utf8')
          .split('\n')
          .flatMap((line, i) =>
            LEAKS.filter(([pattern]) => pattern.test(line)).map(([, what]) => `${file}:${i + 1} ${what}`),
          ),
      );
    expect(found).toEqual([]);
  });
});
