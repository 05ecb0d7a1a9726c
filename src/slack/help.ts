import { actions, button, context, type Message, section } from './blocks.ts';
import { ACTIONS } from './ids.ts';

/** What help needs to know about who asks: someone may be several of these, or none yet. */
export interface HelpRoles {
  admin: boolean;
  /** Supports someone (an offer pending or accepted). */
  supporter: boolean;
  /** Is supported by someone. */
  mentee: boolean;
}

/** A subcommand as the full list shows it. */
export interface HelpEntry {
  name: string;
  usage: string;
  summary: string;
  adminOnly: boolean;
}

interface CardLine {
  /** The subcommand it names: a line whose subcommand is not registered is left out. */
  name: string;
  typed: string;
  what: string;
}

const LIST: CardLine = { name: 'list', typed: 'list', what: 'who you support and who supports you' };

/*
 * The few things each role does most, in the words of that role. Everything else is one click
 * ("All commands") or `/mentor help all` away: the full list is long and mostly not for you.
 */
const CARDS: Record<'newcomer' | 'mentee' | 'supporter' | 'admin', { title: string; lines: CardLine[] }> = {
  newcomer: {
    title: 'To get started',
    lines: [
      { name: 'request', typed: 'request [topic]', what: 'ask the admins for a supporter' },
      { name: 'offer', typed: 'offer', what: 'offer to support others: your topics and how many mentees you can take' },
    ],
  },
  mentee: {
    title: 'As a mentee',
    lines: [
      { name: 'progress', typed: 'progress', what: 'your progress page: goals, tasks and meeting reports' },
      { name: 'goal', typed: 'goal', what: 'add a goal to your progress page' },
      { name: 'assist', typed: 'assist', what: 'ask your supporters for help with a topic' },
      LIST,
    ],
  },
  supporter: {
    title: 'As a supporter',
    lines: [
      { name: 'progress', typed: 'progress @mentee', what: "look at a mentee's progress page before you meet" },
      { name: 'report', typed: 'report @mentee', what: 'file a short meeting report after you meet' },
      { name: 'offer', typed: 'offer', what: 'your topics, how many mentees you can take, and when you are away' },
      LIST,
    ],
  },
  admin: {
    title: 'As a Lifering admin',
    lines: [
      { name: 'assign', typed: 'assign', what: 'assign a supporter to a mentee (opens a form)' },
      { name: 'waiting', typed: 'waiting', what: 'who is waiting for a supporter, with a suggested one for each' },
      {
        name: 'admin mentorships',
        typed: 'admin mentorships',
        what: 'everyone in the programme, with what resolves each',
      },
      { name: 'admin report', typed: 'admin report', what: 'the mentorships report' },
    ],
  },
};

const FOOTER = 'Mention people like `@sam`. Open the Lifering app in the sidebar to see your Home tab.';
const MORE = 'Type `/mentor help all` for every command.';

/** The names every card line refers to, so a test can check each is a real subcommand. */
export const cardCommandNames = (): string[] => Object.values(CARDS).flatMap((c) => c.lines.map((l) => l.name));

/**
 * `/mentor help`: a short card for who is asking (a mentee, a supporter, an admin, or several),
 * with a way to the full list. Pure.
 */
export function helpCard(roles: HelpRoles, registered: ReadonlySet<string>): Message {
  const parts: (keyof typeof CARDS)[] = [];
  if (roles.mentee) parts.push('mentee');
  if (roles.supporter) parts.push('supporter');
  // An admin with no mentorships of their own is there to run the programme.
  if (!roles.mentee && !roles.supporter && !roles.admin) parts.push('newcomer');
  if (roles.admin) parts.push('admin');
  const line = (l: CardLine) => `• \`/mentor ${l.typed}\`: ${l.what}`;
  // Someone who is both sees a line the two cards share (`list`) once.
  const shown = new Set<string>();
  const groups = parts.map((p) => {
    const lines = CARDS[p].lines.filter((l) => registered.has(l.name) && !shown.has(l.typed));
    for (const l of lines) shown.add(l.typed);
    return `*${CARDS[p].title}*\n${lines.map(line).join('\n')}`;
  });
  const text = ['*Lifering* runs your mentoring programme in Slack. What you will use most:', ...groups].join('\n\n');
  return {
    text: `${text}\n\n${MORE}`,
    blocks: [section(text), actions([button('All commands', ACTIONS.helpAll)]), context(`${MORE} ${FOOTER}`)],
  };
}

/** `/mentor help all`, and the card's "All commands": every subcommand, the admin ones to admins only. Pure. */
export function fullHelp(entries: readonly HelpEntry[], admin: boolean): Message {
  const line = (s: HelpEntry) => `• \`/mentor ${s.usage}\`: ${s.summary}`;
  const everyone = entries.filter((s) => !s.adminOnly);
  const admins = entries.filter((s) => s.adminOnly);
  const text =
    '*Lifering* runs your mentoring programme in Slack. You can use:\n' +
    [
      ...everyone.map(line),
      '• `/mentor help`: the few commands you will use most',
      '• `/mentor help all`: this list',
    ].join('\n') +
    (admin && admins.length ? `\n\n*As a Lifering admin you can also use:*\n${admins.map(line).join('\n')}` : '');
  return { text, blocks: [section(text), context(FOOTER)] };
}
