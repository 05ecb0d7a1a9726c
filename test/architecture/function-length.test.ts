import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parse, sourceFiles } from './source.ts';

/** A function a reader can hold on one screen; a longer one is a module waiting to be made. */
const MAX_LINES = 80;

/** Every function longer than `max` lines in a file, as `file:line name (n lines)`. */
function longFunctions(file: string, max = MAX_LINES): string[] {
  const sf = parse(file);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessor(node)
    ) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart()).line;
      const lines = sf.getLineAndCharacterOfPosition(node.getEnd()).line - start + 1;
      if (lines > max) {
        const named = node.name ?? (ts.isVariableDeclaration(node.parent) ? node.parent.name : undefined);
        found.push(`${file}:${start + 1} ${named?.getText(sf) ?? '(anonymous)'} (${lines} lines)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/**
 * Functions still longer than that, being split up: the list may only shrink (a function that no
 * longer belongs here fails the test too, so the list stays true). Empty when the work is done.
 */
const STILL_LONG = new Set<string>([
  'bench/run.ts engineRun',
  'src/app.ts createLifering',
  'src/features/admin-report/listeners.ts register',
  'src/features/admin-report/views.ts reportModal',
  'src/features/assistance/listeners.ts register',
  'src/features/assistance/views.ts assistModal',
  'src/features/checkins/listeners.ts register',
  'src/features/goals/listeners.ts register',
  'src/features/matching/listeners.ts register',
  'src/features/mentorships/listeners.ts onAssignSubmit',
  'src/features/mentorships/listeners.ts register',
  'src/features/mentorships/views.ts assignModal',
  'src/features/progress/views.ts progressContent',
  'src/features/reminders/sweep.ts runReminderSweep',
  'src/features/reports/listeners.ts onSubmit',
  'src/features/reports/listeners.ts register',
  'src/features/reports/rules.ts validateReport',
  'src/features/reports/views.ts reportModal',
  'src/installations/store.ts createInstallations',
  'src/sandbox/driver.ts createDriver',
  'src/sandbox/fake-slack.ts startFakeSlack',
  'src/sandbox/server.ts startSandbox',
  'src/storage/assistance.ts assistanceStore',
  'src/storage/checkins.ts checkinsStore',
  'src/storage/installations.ts installationsStore',
  'src/storage/mentorships.ts mentorshipsStore',
  'src/storage/overview.ts overviewStore',
  'src/storage/people.ts peopleStore',
  'src/storage/personal-data.ts personalDataStore',
  'src/storage/profiles.ts profilesStore',
  'src/storage/programme.ts programmeStore',
  'src/storage/reminders.ts remindersStore',
  'src/storage/reports.ts reportsStore',
  'src/storage/silence.ts silenceStore',
  'src/storage/supporter-requests.ts supporterRequestsStore',
]);

describe('functions fit on a screen', () => {
  // Migrations are left out: each is the schema's history as it ran, and is never edited.
  it(`has no function longer than ${MAX_LINES} lines in src/ or bench/`, () => {
    const long = sourceFiles('src', 'bench').flatMap((file) => longFunctions(file));
    const named = (entry: string) => entry.replace(/:\d+ /, ' ').replace(/ \(\d+ lines\)$/, '');
    expect(long.map(named).filter((entry) => !STILL_LONG.has(entry))).toEqual([]);
    expect([...STILL_LONG].filter((entry) => !long.map(named).includes(entry))).toEqual([]);
  });

  it('finds a long one', () => {
    expect(longFunctions('test/architecture/function-length.test.ts', 20)).toEqual([
      expect.stringMatching(/function-length\.test\.ts:\d+ longFunctions \(\d+ lines\)/),
    ]);
  });
});
