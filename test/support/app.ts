import type { Logger } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import { createLifering, type Lifering } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { Storage } from '../../src/storage/index.ts';
import { createDriver, type Driver } from '../harness/driver.ts';
import { type FakeSlack, startFakeSlack, type UserInput } from '../harness/fake-slack.ts';
import { openTestStorage } from './storage.ts';

export const SIGNING_SECRET = 'test-signing-secret';

export interface TestApp {
  fake: FakeSlack;
  driver: Driver;
  storage: Storage;
  lifering: Lifering;
  config: Config;
  port: number;
  /** Every line the app logged, so a test can assert that nothing unexpected went wrong. */
  logs: { level: string; text: string }[];
  /** Waits until the app (and every other instance) has finished everything it started after its acks. */
  settle(): Promise<void>;
  /** Another instance of the app on the same database and fake Slack, as behind a load balancer. */
  startInstance(): Promise<{ lifering: Lifering; driver: Driver; port: number }>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  users?: UserInput[];
  env?: Record<string, string>;
  now?: () => Date;
  /** Web API client options instead of the test default of no retries. */
  clientOptions?: WebClientOptions;
  /** The app's logger instead of one that records info and above into `logs`. */
  logger?: Logger;
}

function capturingLogger(logs: TestApp['logs']): Logger {
  const at =
    (level: string) =>
    (...msg: unknown[]) => {
      logs.push({
        level,
        text: msg.map((m) => (m instanceof Error ? m.stack : typeof m === 'string' ? m : JSON.stringify(m))).join(' '),
      });
      if (process.env.LIFERING_TEST_LOGS) process.stderr.write(`[${level}] ${logs.at(-1)?.text}\n`);
    };
  return {
    debug: () => undefined,
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: () => undefined,
    getLevel: () => 'info' as never,
    setName: () => undefined,
  };
}

/** The real app on a random loopback port, a fake Slack, a fresh database and a signed driver. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const fake = await startFakeSlack({ users: options.users ?? [] });
  const { storage, cleanup } = await openTestStorage();
  const config = loadConfig({
    SLACK_BOT_TOKEN: fake.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.url,
    REMINDER_CRON: 'off',
    ...options.env,
  });
  const logs: TestApp['logs'] = [];
  const instances: Lifering[] = [];
  async function startInstance() {
    const lifering = await createLifering({
      config,
      storage,
      logger: options.logger ?? capturingLogger(logs),
      ...(options.now ? { now: options.now } : {}),
      // Fail fast instead of web-api's default of retrying for half an hour.
      clientOptions: options.clientOptions ?? { retryConfig: { retries: 0 } },
    });
    const { port } = await lifering.start(0);
    instances.push(lifering);
    const driver = createDriver({
      appUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SIGNING_SECRET,
      fake,
    });
    return { lifering, driver, port: port! };
  }
  const { lifering, driver, port } = await startInstance();
  return {
    fake,
    driver,
    storage,
    lifering,
    config,
    port,
    logs,
    startInstance,
    settle: async () => {
      for (const i of instances) await i.idle();
    },
    async stop() {
      for (const i of instances) await i.stop();
      await fake.close();
      await cleanup();
    },
  };
}
