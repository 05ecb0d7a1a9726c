// What the page shows: the clock, the people, and one person's Home tab, open modals and messages.

import type { FakeSlack, StoredMessage } from './fake-slack.ts';
import type { PageContext } from './page-context.ts';
import { SANDBOX_PEOPLE } from './seed.ts';

export function pageState(page: PageContext, userId: string | undefined) {
  const { fake } = page;
  return {
    now: page.now().toISOString(),
    clockMoved: page.clockMoved(),
    botName: 'Lifering',
    people: SANDBOX_PEOPLE.map((p) => ({
      id: p.id,
      name: p.real_name,
      handle: p.name,
      role: p.role,
      tz: p.tz,
      tzLabel: p.tz_label,
    })),
    user: userId ?? null,
    ...(userId
      ? {
          home: fake.homeViews.get(userId) ?? null,
          modals: fake.openModals(userId),
          messages: messagesFor(fake, userId),
        }
      : {}),
  };
}

function messagesFor(fake: FakeSlack, userId: string) {
  const dm = fake.dmChannel(userId);
  const mine = (m: StoredMessage) => !m.deleted && (m.ephemeralTo ? m.ephemeralTo === userId : m.channel === dm);
  return fake.messages.filter(mine).map((m) => ({
    channel: m.channel,
    ts: m.ts,
    postedAt: m.postedAt ?? Math.floor(Number(m.ts) * 1000),
    text: m.text,
    blocks: m.blocks ?? null,
    ephemeral: Boolean(m.ephemeralTo),
    edited: m.history.length > 0,
    files: (m.files ?? []).map((f) => ({ id: f.id, name: f.name, title: f.title, size: f.size })),
    where: m.channel === dm ? 'Direct message' : m.channel === 'C0GENERAL' ? '#general' : m.channel,
  }));
}
