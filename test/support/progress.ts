import { expect } from 'vitest';
import type { JsonObject, RecordedCall } from '../harness/fake-slack.ts';
import type { TestApp } from './app.ts';

export const TEAM = 'T0LIFERING';
export const now = new Date('2026-11-23T10:00:00.000Z');

/** The view a successful views.open/push/update call produced. */
export function viewOf(
  call: RecordedCall | undefined,
): JsonObject & { id: string; blocks: JsonObject[]; private_metadata: string } {
  expect(call?.response.ok).toBe(true);
  return call!.response.view as never;
}

export const lastOpened = (t: TestApp, method: 'views.open' | 'views.push' | 'views.update' = 'views.open') =>
  viewOf(t.fake.lastCall(method));

/** What the ephemeral answer to a command said, whether in the ack or through response_url. */
export function commandAnswer(t: TestApp, res: { body: unknown }, userId: string, channel = 'C0GENERAL'): string {
  const inAck = typeof res.body === 'object' && res.body ? (res.body as { text?: string }).text : undefined;
  if (inAck) return inAck;
  return (
    t.fake
      .messagesIn(channel)
      .filter((m) => m.ephemeralTo === userId)
      .at(-1)?.text ?? ''
  );
}

export const overflowChoice = (actionId: string, value: string) => ({
  action_id: actionId,
  type: 'overflow',
  selected_option: { text: { type: 'plain_text', text: value }, value },
});

export async function activeMentorship(
  t: TestApp,
  supporterId: string,
  menteeId: string,
  topicId: number | null = null,
) {
  return t.storage.mentorships.create(
    { teamId: TEAM, supporterId, menteeId, topicId, supporterKind: 'mentor', assignedBy: 'UADMIN01', notify: false },
    now,
  );
}
