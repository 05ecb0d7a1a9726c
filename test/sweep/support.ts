import type { Logger } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { localClock, localDay } from '../../src/calendar/dates.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { sweepPhases } from '../../src/features/index.ts';
import type { Storage } from '../../src/storage/index.ts';
import type { SweepOptions, SweepResult } from '../../src/sweep/phase.ts';
import { runSweep } from '../../src/sweep/run.ts';
import { startFakeSlack, type UserInput } from '../harness/fake-slack.ts';
import { openTestStorage } from '../support/storage.ts';

export const T = 'T0LIFERING';

/** The sweep against a real database and a fake Slack reached through a real WebClient. */
export async function startWorker(users: UserInput[], env: Record<string, string> = {}) {
  // The fake records each call at the simulated instant of the sweep that made it.
  let clock = Date.now();
  const fake = await startFakeSlack({ users, now: () => clock });
  const { storage, cleanup } = await openTestStorage();
  const config: Config = loadConfig({
    SLACK_BOT_TOKEN: fake.token,
    SLACK_SIGNING_SECRET: 's',
    SLACK_API_URL: fake.url,
    REMINDER_CRON: 'off',
    ...env,
  });
  const client = new WebClient(fake.token, { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
  const logs: string[] = [];
  const logger = {
    debug: () => undefined,
    info: (...m: unknown[]) => logs.push(`info ${m.join(' ')}`),
    warn: (...m: unknown[]) => logs.push(`warn ${m.join(' ')}`),
    error: (...m: unknown[]) => logs.push(`error ${m.join(' ')}`),
    setLevel: () => undefined,
    getLevel: () => 'info' as never,
    setName: () => undefined,
  } as Logger;
  const sweep = (
    now: Date,
    extra: Partial<Pick<SweepOptions, 'dryRun' | 'holder' | 'clock' | 'clientFor'>> = {},
  ): Promise<SweepResult> => {
    clock = now.getTime();
    return runSweep(sweepPhases, { now, storage, clientFor: () => client, config, logger, ...extra });
  };

  /** Each successful DM as "YYYY-MM-DD HH:MM recipient: text", on the recipient's own clock. */
  function dmLog(): string[] {
    return fake.calls
      .filter((c) => c.method === 'chat.postMessage' && c.response.ok === true)
      .map((c) => {
        const to = String(c.args.channel);
        const tz = fake.users.get(to)?.tz;
        const at = new Date(c.at);
        const { hour, minute } = localClock(at, tz);
        return `${localDay(at, tz)} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')} ${to}: ${String(c.args.text)}`;
      });
  }
  return {
    fake,
    storage: storage as Storage,
    config,
    logs,
    sweep,
    dmLog,
    async stop() {
      await fake.close();
      await cleanup();
    },
  };
}

/** Every day from `from` to `to` inclusive, at each of the given UTC times. */
export function* schedule(from: string, to: string, utcTimes: string[]): Generator<Date> {
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d <= new Date(`${to}T00:00:00Z`);
    d = new Date(d.getTime() + 86_400_000)
  ) {
    for (const time of utcTimes) yield new Date(`${d.toISOString().slice(0, 10)}T${time}:00Z`);
  }
}
