import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_RETRY } from '../../src/slack/client.ts';
import { openStorage } from '../../src/storage/index.ts';
import { type FakeSlack, startFakeSlack } from '../harness/fake-slack.ts';

const root = path.resolve(import.meta.dirname, '../..');
const T = 'T0LIFERING';
const SAM = 'USAM0001';
const MIA = 'UMIA0001';

describe('npm run remind (src/cli/remind.ts)', () => {
  let fake: FakeSlack;
  let dataDir: string;
  beforeAll(async () => {
    fake = await startFakeSlack({
      users: [
        { id: SAM, name: 'sam' },
        { id: MIA, name: 'mia' },
      ],
    });
    dataDir = mkdtempSync(path.join(tmpdir(), 'lifering-remind-'));
    const storage = await openStorage({ dataDir });
    // Accepted 35 days before the sweep below: its report is overdue.
    await storage.mentorships.create(
      {
        teamId: T,
        supporterId: SAM,
        menteeId: MIA,
        topicId: null,
        supporterKind: 'mentor',
        assignedBy: 'UADMIN01',
        notify: false,
      },
      new Date('2026-02-02T10:00:00Z'),
    );
    await storage.close();
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("retries a failing Slack as briefly as the app does, not web-api's half hour, and leaves the DM for the next run", async () => {
    fake.fail('chat.postMessage', { status: 503, times: 100 });
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), path.join(root, 'src/cli/remind.ts'), '--now', '2026-03-09T10:00:00Z'],
      {
        cwd: dataDir,
        env: {
          PATH: process.env.PATH ?? '',
          SLACK_BOT_TOKEN: fake.token,
          SLACK_SIGNING_SECRET: 's',
          SLACK_API_URL: fake.url,
          DATA_DIR: dataDir,
          REMINDER_CRON: 'off',
        },
      },
    );
    expect(stdout).toContain('0 DMs sent, 1 to retry');
    // The first try and the policy's retries, then it stops (web-api's default would try 11 times).
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1 + SLACK_RETRY.retries);
  }, 60_000);
});
