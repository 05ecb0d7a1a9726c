import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLifering, type Lifering } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { type FakeSlack, startFakeSlack } from '../harness/fake-slack.ts';
import { attachSocketMode, type SocketModeServer } from '../harness/socket-mode.ts';
import { openTestStorage, type TestStorage } from '../support/storage.ts';

describe('Socket Mode (SLACK_APP_TOKEN set)', () => {
  let fake: FakeSlack;
  let socket: SocketModeServer;
  let db: TestStorage;
  let lifering: Lifering;

  beforeAll(async () => {
    fake = await startFakeSlack({ users: [{ id: 'UMIA0001', name: 'mia' }] });
    socket = attachSocketMode(fake);
    db = await openTestStorage();
    const config = loadConfig({
      SLACK_BOT_TOKEN: fake.token,
      SLACK_APP_TOKEN: fake.appToken,
      SLACK_API_URL: fake.url,
      PORT: '0',
      REMINDER_CRON: 'off',
    });
    expect(config.mode).toBe('socket');
    lifering = await createLifering({
      config,
      storage: db.storage,
      logger: createLogger('error'),
      clientOptions: { retryConfig: { retries: 0 } },
    });
    await lifering.start();
    await socket.connected();
  });
  afterAll(async () => {
    await lifering.stop();
    socket.close();
    await fake.close();
    await db.cleanup();
  });

  it('connects with the app-level token and needs no signing secret', () => {
    const open = fake.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe(fake.appToken);
    expect(open[0]!.response.ok).toBe(true);
  });

  it('answers /mentor help over the socket with ephemeral usage', async () => {
    const ack = await socket.send('slash_commands', {
      token: 'legacy',
      team_id: fake.teamId,
      team_domain: 'lifering-test',
      channel_id: 'C0GENERAL',
      channel_name: 'general',
      user_id: 'UMIA0001',
      user_name: 'mia',
      command: '/mentor',
      text: 'help',
      api_app_id: fake.appId,
      response_url: fake.responseUrl(),
      trigger_id: fake.issueTriggerId(),
    });
    expect(ack).toMatchObject({ response_type: 'ephemeral' });
    expect(String(ack?.text)).toContain('/mentor help');
  });
});
