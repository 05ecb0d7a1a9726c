import { readEnvironment } from '../config.ts';
import { formatResult } from './doctor/result.ts';
import { runDoctor } from './doctor/run.ts';

/**
 * `npm run doctor`: checks a deployment's set-up, one line each, and says what to do about what
 * is wrong; exits 1 when something is. It starts nothing and changes nothing.
 */
const USAGE = `Usage: npm run doctor

Checks Lifering's set-up: the settings, the database (reachable and migrated), the manifest's
events and command against the app's listeners, each installed workspace's bot token and scopes,
the signing secret's shape and this machine's clock against Slack's. Each line starts with ✓
(fine), ! (works, but look at it) or ✗ (wrong, with what to do). Exits 1 when a line is ✗.
Settings come from the environment and .env, as for the app.
`;

async function main(): Promise<number> {
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const results = await runDoctor({ env: readEnvironment() });
  for (const r of results) process.stdout.write(`${formatResult(r)}\n`);
  const wrong = results.filter((r) => !r.ok).length;
  process.stdout.write(wrong === 0 ? 'Everything checked is in order.\n' : `${wrong} thing(s) to fix.\n`);
  return wrong === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The doctor could not finish: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
