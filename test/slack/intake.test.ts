import type { ReceiverEvent } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { IntakeApp } from '../../src/slack/intake.ts';

const quiet = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => 'error' as never,
  setName: () => undefined,
};

/** An app whose one middleware never finishes: whatever is acked was acked before any work. */
function stalledApp(): { app: IntakeApp; release: () => void } {
  let release!: () => void;
  const stalled = new Promise<void>((resolve) => {
    release = resolve;
  });
  const app = new IntakeApp(
    {
      // authorize instead of a token: nothing is asked of Slack.
      authorize: async () => ({ botToken: 'xoxb-test', botId: 'B1', botUserId: 'UBOT' }),
      signingSecret: 'secret',
      logger: quiet,
      deferInitialization: true,
    },
    { logger: quiet, track: () => undefined },
  );
  app.use(async ({ next }) => {
    await stalled;
    await next();
  });
  return { app, release };
}

function delivery(body: Record<string, unknown>): { event: ReceiverEvent; answers: unknown[] } {
  const answers: unknown[] = [];
  const event = {
    body,
    ack: async (response?: unknown) => {
      answers.push(response ?? '');
    },
  } as ReceiverEvent;
  return { event, answers };
}

describe('IntakeApp: where every delivery enters', () => {
  it('acks a click before any work, and once, even when a listener acks it again', async () => {
    const { app, release } = stalledApp();
    await app.init();
    const click = delivery({
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'U1', team_id: 'T1' },
      trigger_id: '1.1.x',
      actions: [{ action_id: 'nothing.here', type: 'button', value: '1' }],
    });
    const handled = app.processEvent(click.event);
    await Promise.resolve();
    expect(click.answers).toEqual(['']);
    release();
    await handled;
    // Nothing handled it, so the intake acked it again at the end: Slack still got one answer.
    expect(click.answers).toHaveLength(1);
  });

  it('leaves a form submission unanswered until a listener answers it: its ack may carry errors', async () => {
    const { app, release } = stalledApp();
    await app.init();
    const submission = delivery({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U1', team_id: 'T1' },
      view: { id: 'V1', callback_id: 'nothing.here', state: { values: {} } },
    });
    const handled = app.processEvent(submission.event);
    await Promise.resolve();
    expect(submission.answers).toEqual([]);
    release();
    await handled;
    expect(submission.answers).toHaveLength(1);
  });
});
