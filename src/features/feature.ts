import type {
  AllMiddlewareArgs,
  BlockAction,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { Deps } from '../deps.ts';
import type { Action } from '../policy/policy.ts';
import type { CommandContext } from '../slack/command-router.ts';
import type { SweepPhase } from '../sweep/phase.ts';

/** What Bolt hands a listener of each kind, typed as Bolt documents it. */
export type ActionArgs<A extends SlackAction = BlockAction> = SlackActionMiddlewareArgs<A> & AllMiddlewareArgs;
export type ViewArgs<V extends SlackViewAction = ViewSubmitAction> = SlackViewMiddlewareArgs<V> & AllMiddlewareArgs;
export type EventArgs<E extends string = string> = SlackEventMiddlewareArgs<E> & AllMiddlewareArgs;
export type OptionsArgs = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;
export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * One thing a feature serves: a click (`action`, by action_id), a form (`view`, by callback_id),
 * an Events API event (`event`, by type), an external select's options (`options`, by action_id)
 * or a slash command (`command`). `performs` is the policy action it carries out
 * (src/policy/policy.ts): the mount checks it before `handle` runs when the actor alone decides
 * it, and the handler checks it with `can` once it has loaded what it acts on.
 *
 * `handle` is written as a method so that a handler may name the narrower payload it expects
 * (a button's `BlockAction<ButtonAction>`, a particular event) and still fit the table.
 */
interface Serves<K extends string, Args> {
  kind: K;
  id: string;
  performs: Action;
  handle(deps: Deps, args: Args): Promise<void>;
}

export type Listener =
  | Serves<'action', ActionArgs>
  | Serves<'view', ViewArgs>
  | Serves<'event', EventArgs>
  | Serves<'options', OptionsArgs>
  | Serves<'command', CommandArgs>;

export type ListenerKind = Listener['kind'];

/** A `/mentor` subcommand: the first word(s) of the command's text, and what they do. */
export interface Subcommand {
  name: string;
  /** Shown in help, e.g. "assign @supporter @mentee [topic]". */
  usage: string;
  summary: string;
  /**
   * What running it does, from src/policy/policy.ts. Admin-only actions are checked before `run`;
   * actions that depend on a mentee or mentorship are checked by `run` with `can`. Help lists
   * admin-only subcommands to admins only.
   */
  performs: Action;
  /** Names it went by before, still understood but never shown (the glossary retired them). */
  formerly?: readonly string[];
  run(deps: Deps, ctx: CommandContext): Promise<void>;
}

/** Tells a feature that what these people see in a workspace has changed (after a write). */
export type OnChange = (deps: Deps, teamId: string, userIds: readonly string[]) => Promise<void>;

/**
 * A feature declares what it serves; src/mount.ts mounts every feature the same way, and
 * src/features/index.ts lists them all.
 */
export interface Feature {
  name: string;
  /** `/mentor` subcommands, in the order help lists them. */
  subcommands?: readonly Subcommand[];
  listeners?: readonly Listener[];
  /** Called after each change that affects what people see (App Home redraws on it). */
  onChange?: OnChange;
  /** Its steps of the scheduled sweep; src/sweep/order.ts decides when each runs. */
  phases?: readonly SweepPhase[];
}
