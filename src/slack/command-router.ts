import type { AllMiddlewareArgs, Logger, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Config } from '../config.ts';
import { noteListener, noteOutcome } from '../observability/context.ts';
import type { CountedCache } from '../observability/metrics.ts';
import type { PeopleService } from '../people/service.ts';
import { actorOf } from '../policy/actor.ts';
import { type Action, adminOnly, can, decidedWithoutResource, isAction, mayEnter } from '../policy/policy.ts';
import type { Storage } from '../storage/index.ts';
import { VersionedCache } from '../storage/versions.ts';
import { type Message, section } from './blocks.ts';
import { unexpectedFailure } from './errors.ts';
import { fullHelp, type HelpEntry, type HelpRoles, helpCard } from './help.ts';
import { afterWords, tokenize } from './mentions.ts';
import { editDistance } from './nearest.ts';

export { afterWords };

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export interface CommandContext {
  teamId: string;
  userId: string;
  /** The words after the subcommand, mentions kept whole, as typed (src/slack/incoming.ts). */
  args: string[];
  /** The text after the subcommand as the person typed it, spacing and quotes kept. */
  rest: string;
  triggerId: string;
  /** Acknowledge now (idempotent); do it before anything slow. */
  ack(): Promise<void>;
  /** Ephemeral answer to the caller: in the ack when still possible, else through response_url. */
  reply(message: Message | string): Promise<void>;
  raw: CommandArgs;
}

/** A subcommand as the router runs it: a feature's, with its dependencies bound (src/mount.ts). */
export interface Route {
  name: string;
  usage: string;
  summary: string;
  /** The policy action it performs: admin-only ones are refused before `run`. */
  performs: Action;
  /** Names it went by before: still understood, never shown. */
  formerly?: readonly string[];
  run(ctx: CommandContext): Promise<void>;
}

/** What the router needs to answer help and refuse what a person may not do. */
export interface RouterDeps {
  config: Pick<Config, 'mode'>;
  logger: Logger;
  storage: Pick<Storage, 'versions' | 'mentorships'>;
  people: Pick<PeopleService, 'isAdmin' | 'manages' | 'whoCanAdminister'>;
}

/**
 * Each reply's JSON, kept for as long as its message is: help and a cached `/mentor list` are the
 * same message request after request, and serialising it anew was a fifteenth of the request's CPU.
 * Over HTTP the ack then carries the JSON as text, which the HTTP layer labels as JSON
 * (src/slack/incoming.ts).
 */
const ackBodies = new WeakMap<Message, string>();
const ackBody = (m: Message): string => {
  let body = ackBodies.get(m);
  if (body === undefined) {
    body = JSON.stringify({ response_type: 'ephemeral', ...m });
    ackBodies.set(m, body);
  }
  return body;
};

/** Slack expects an answer in 3 s; past this we ack empty and answer through response_url. */
const ACK_SAFETY_MS = 2_000;

/** How much of an unknown subcommand the answer quotes back: enough to spot a typo, never the whole text. */
export const QUOTED_WORD_MAX = 40;

/**
 * What the person typed as a subcommand, fit to quote inside a code span: at most
 * QUOTED_WORD_MAX characters (a 40,000-character word was echoed whole, 44 KB), on one line,
 * and without the backticks that would end the span early.
 */
export function quotedWord(word: string): string {
  const plain = word.replace(/`/g, "'").replace(/\s+/g, ' ');
  const chars = [...plain];
  return chars.length > QUOTED_WORD_MAX ? `${chars.slice(0, QUOTED_WORD_MAX).join('')}…` : plain;
}

/** The `/mentor` command: one listener that dispatches on the first word. */
export class CommandRouter {
  private readonly subcommands = new Map<string, Route>();
  /** Retired names, to the subcommand they now are (typed habits and old docs keep working). */
  private readonly formerNames = new Map<string, Route>();

  constructor(private readonly deps: RouterDeps) {}

  add(sub: Route): void {
    // Plain JavaScript, or a cast, could still leave it out: refuse at start-up rather than run it unchecked.
    if (!isAction(sub.performs))
      throw new Error(`/mentor ${sub.name} declares no policy action (see src/policy/policy.ts)`);
    this.subcommands.set(sub.name, sub);
    for (const old of sub.formerly ?? []) this.formerNames.set(old, sub);
  }

  names(): string[] {
    return [...this.subcommands.keys()];
  }

  /** Each subcommand's declared action, for the policy coverage test. */
  policies(): Map<string, Action> {
    return new Map([...this.subcommands.values()].map((s) => [s.name, s.performs]));
  }

  nearest(word: string): string | undefined {
    // No subcommand is near a word this long, and the distance costs its length times each name's.
    if (word.length > 2 * QUOTED_WORD_MAX) return undefined;
    let best: { name: string; d: number } | undefined;
    for (const name of this.subcommands.keys()) {
      const d = name.startsWith(word) && word.length >= 2 ? 0 : editDistance(word, name);
      if (!best || d < best.d) best = { name, d };
    }
    return best && best.d <= Math.max(2, Math.floor(best.name.length / 2)) ? best.name : undefined;
  }

  /** Help messages by what they depend on (all or card, and the roles); built once, as subcommands are all added at start-up. */
  private readonly helps = new Map<string, { count: number; message: Message }>();
  /** Whether each person supports or is supported, while their workspace's data version stands. */
  private readonly roles = new VersionedCache<{ supporter: boolean; mentee: boolean }>('roles', 10_000);

  /** Its caches, for the metrics. */
  caches(): CountedCache[] {
    return [this.roles];
  }

  /**
   * Help for this person: a short card for their roles, or with `all` every command. Costs what
   * `/mentor list` does, one data-version read: the profile (for admin) and the roles are
   * remembered while it stands.
   */
  async usage(teamId: string, userId: string, opts: { all?: boolean } = {}): Promise<Message> {
    const roles = await this.rolesOf(teamId, userId, !opts.all).catch((error: unknown) => {
      this.deps.logger.warn(`help for ${userId}: could not tell their roles`, error);
      return { admin: false, supporter: false, mentee: false };
    });
    const key = opts.all ? `all:${roles.admin}` : `card:${roles.admin}:${roles.supporter}:${roles.mentee}`;
    const known = this.helps.get(key);
    if (known?.count === this.subcommands.size) return known.message;
    const message = opts.all
      ? fullHelp(this.helpEntries(), roles.admin)
      : helpCard(roles, new Set(this.subcommands.keys()));
    this.helps.set(key, { count: this.subcommands.size, message });
    return message;
  }

  private async rolesOf(teamId: string, userId: string, withMentorships: boolean): Promise<HelpRoles> {
    const version = await this.deps.storage.versions.get(teamId);
    const key = `${teamId}:${userId}`;
    const rolesIn = async (): Promise<{ supporter: boolean; mentee: boolean }> => {
      if (!withMentorships) return { supporter: false, mentee: false };
      const known = this.roles.get(key, version);
      if (known) return known;
      const { supporting, supportedBy } = await this.deps.storage.mentorships.listed(teamId, userId);
      const mine = { supporter: supporting.length > 0, mentee: supportedBy.length > 0 };
      this.roles.set(key, version, mine);
      return mine;
    };
    // Side by side: both stand on the one version read.
    const [admin, mine] = await Promise.all([this.deps.people.isAdmin(teamId, userId, version), rolesIn()]);
    return { admin, ...mine };
  }

  private helpEntries(): HelpEntry[] {
    return [...this.subcommands.values()].map((s) => ({
      name: s.name,
      usage: s.usage,
      summary: s.summary,
      adminOnly: adminOnly(s.performs),
    }));
  }

  /** The Bolt listener for `/mentor`. */
  handle = async (args: CommandArgs): Promise<void> => {
    const { command, respond, ack: boltAck } = args;
    let acked = false;
    let safety: NodeJS.Timeout | undefined;
    const ack = async (body?: Parameters<typeof boltAck>[0]) => {
      if (acked) return;
      acked = true;
      if (safety) clearTimeout(safety);
      await boltAck(body);
    };
    const reply = async (message: Message | string) => {
      const m = typeof message === 'string' ? { text: message, blocks: [section(message)] } : message;
      // Socket Mode sends an ack's text as a message's text: there the message goes as an object.
      if (!acked) await ack(this.deps.config.mode === 'http' ? ackBody(m) : { response_type: 'ephemeral', ...m });
      else await respond({ response_type: 'ephemeral', replace_original: false, ...m });
    };
    safety = setTimeout(() => void ack().catch(() => undefined), ACK_SAFETY_MS);

    const teamId = command.team_id;
    const userId = command.user_id;
    const words = tokenize(command.text ?? '');
    const first = (words[0] ?? '').toLowerCase();
    // Which subcommand ran, for the logs: a name from the table, never a word as typed.
    let ran = '/mentor';
    try {
      if (first === '' || first === 'help') {
        ran = '/mentor help';
        noteListener(`command:${ran}`);
        const all = (words[1] ?? '').toLowerCase() === 'all';
        await reply(await this.usage(teamId, userId, { all }));
        return;
      }
      // Two-word subcommands ("admin add") are looked up before one-word ones.
      const second = (words[1] ?? '').toLowerCase();
      const twoWords = `${first} ${second}`;
      const sub = this.subcommands.get(twoWords) ?? this.subcommands.get(first) ?? this.formerNames.get(first);
      if (!sub) {
        const asked = second && [...this.subcommands.keys()].some((n) => n.startsWith(`${first} `)) ? twoWords : first;
        const guess = this.nearest(asked);
        const usage = await this.usage(teamId, userId);
        const lead = `I don't know \`/mentor ${quotedWord(asked)}\`.${guess ? ` Did you mean \`/mentor ${guess}\`?` : ''}`;
        await reply({ text: `${lead}\n\n${usage.text}`, blocks: [section(lead), ...(usage.blocks ?? [])] });
        return;
      }
      ran = `/mentor ${sub.name}`;
      noteListener(`command:${ran}`);
      // What anyone may do needs no lookup of who is asking (`list` is the busiest subcommand).
      if (
        decidedWithoutResource(sub.performs) &&
        !can({ teamId, userId, isAdmin: false }, sub.performs) &&
        !mayEnter(await actorOf(this.deps, teamId, userId, sub.performs), sub.performs)
      ) {
        noteOutcome('refused');
        await reply(await this.deps.people.whoCanAdminister(teamId));
        return;
      }
      const used = sub.name.split(' ').length;
      const rest = afterWords(command.text ?? '', used);
      await sub.run({
        teamId,
        userId,
        args: words.slice(used),
        rest,
        triggerId: command.trigger_id,
        ack: () => ack(),
        reply,
        raw: args,
      });
      await ack();
    } catch (error) {
      await reply(unexpectedFailure(this.deps.logger, ran, error)).catch((e: unknown) =>
        this.deps.logger.error('could not tell the user about a failure', e),
      );
    } finally {
      clearTimeout(safety);
    }
  };
}
