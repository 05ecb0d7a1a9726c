import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Logger } from '@slack/bolt';
import { fields } from './fields.ts';

/**
 * What every log line written for a piece of work carries, whatever code writes it: ids only,
 * never anything a person typed. The piece of work is one Slack delivery with everything it sets
 * off after the ack (DMs, Home refreshes), or one run of the sweep.
 */
export interface WorkFields {
  /** The request id: one delivery and all the work it set off. */
  req?: string;
  /** The sweep run id. */
  sweep?: string;
  /** The workspace (team id) the delivery came from. */
  team?: string;
  /** The listener, as src/slack/dispatch.ts keys it (`action:report.open`); `/mentor` with its subcommand. */
  listener?: string;
}

/**
 * How a request's handling ended: `error` when it failed or told the person something went wrong,
 * `refused` when the policy said no, `repeat` for a redelivery already handled, `unhandled` when no
 * listener answered it and it was acked quietly.
 */
export type Outcome = 'ok' | 'error' | 'refused' | 'repeat' | 'unhandled';

interface RequestState {
  kind: string;
  started: number;
  ackMs?: number;
  outcome: Outcome;
  /** The handling itself plus each piece of tracked work it started and that is still running. */
  pending: number;
  logger: Logger;
  counted?: RequestCounter;
}

/** What a request's summary line says, for the metrics (src/observability/metrics.ts). */
export interface RequestSummary {
  kind: string;
  /** As the log lines name it: raw ids, which the metrics hold to the registered ones. */
  listener?: string;
  outcome: Outcome;
  ackMs?: number;
  ms: number;
}

export type RequestCounter = (summary: RequestSummary) => void;

interface Work {
  fields: WorkFields;
  request?: RequestState;
}

/**
 * The work the running code belongs to. AsyncLocalStorage carries it through every await, timer
 * and promise callback started inside, so work after the ack needs no id handed down to it.
 */
const current = new AsyncLocalStorage<Work>();

/** The current work's fields, as a fresh object (pino's mixin merges the line's own fields into it). */
export function workFields(): WorkFields {
  const work = current.getStore();
  return work ? { ...work.fields } : {};
}

/** Names the listener once it is known more precisely than the delivery says (a `/mentor` subcommand). */
export function noteListener(listener: string): void {
  const work = current.getStore();
  if (work) work.fields.listener = listener;
}

/** Records how the current request's handling ended; the first word other than `ok` stands. */
export function noteOutcome(outcome: Outcome): void {
  const request = current.getStore()?.request;
  if (request) noteOutcomeOf(request, outcome);
}

/**
 * Counts a piece of work started by the current request (src/deps.ts InFlight tracks all such
 * work), so the request's summary line comes once it is done too. Call what it returns when
 * the work settles.
 */
export function followWork(): () => void {
  const work = current.getStore();
  const request = work?.request;
  if (!work || !request || request.pending === 0) return noop;
  request.pending++;
  return () => settle(work);
}

const noop = () => undefined;

const since = (started: number) => Math.round((performance.now() - started) * 10) / 10;

function settle(work: Work): void {
  const request = work.request!;
  if (--request.pending > 0) return;
  const { kind, outcome, ackMs, logger } = request;
  const ms = since(request.started);
  current.run(work, () => logger.info('request handled', fields({ kind, outcome, ackMs, ms })));
  request.counted?.({ kind, ...(work.fields.listener ? { listener: work.fields.listener } : {}), outcome, ackMs, ms });
}

interface Delivery {
  body: unknown;
  ack: (response?: never) => Promise<void>;
}

/**
 * Runs one delivery's handling as a request of its own: a new request id, its workspace and
 * listener on every line it logs, the ack timed, and one summary line (kind, listener, outcome,
 * ack ms, total ms) when it and the work it set off are done, also handed to `counted` (metrics on).
 */
export function observeRequest<T>(
  event: Delivery,
  logger: Logger,
  handle: () => Promise<T>,
  counted?: RequestCounter,
): Promise<T> {
  const { kind, listener } = routeOfBody(event.body);
  const team = teamOfBody(event.body);
  const request: RequestState = { kind, started: performance.now(), outcome: 'ok', pending: 1, logger, counted };
  const work: Work = {
    fields: { req: randomUUID(), ...(team ? { team } : {}), ...(listener ? { listener } : {}) },
    request,
  };
  const ack = event.ack;
  event.ack = (response?: never) => {
    if (request.ackMs === undefined) {
      request.ackMs = since(request.started);
      logger.debug('acknowledged', fields({ ackMs: request.ackMs }));
    }
    return ack(response);
  };
  const handled = current.run(work, handle);
  handled.then(
    () => settle(work),
    () => {
      noteOutcomeOf(request, 'error');
      settle(work);
    },
  );
  return handled;
}

function noteOutcomeOf(request: RequestState, outcome: Outcome): void {
  if (request.outcome === 'ok') request.outcome = outcome;
}

/** Runs one pass of the sweep with a run id of its own on every line it logs. */
export function inSweepRun<T>(run: () => Promise<T>): Promise<T> {
  return current.run({ fields: { sweep: randomUUID() } }, run);
}

type Body = {
  type?: unknown;
  command?: unknown;
  team_id?: unknown;
  team?: { id?: unknown } | null;
  user?: { team_id?: unknown };
  view?: { app_installed_team_id?: unknown; callback_id?: unknown } | null;
  actions?: { action_id?: unknown }[];
  action_id?: unknown;
  event?: { type?: unknown };
  enterprise_id?: unknown;
  enterprise?: { id?: unknown } | null;
};

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v.slice(0, 100) : undefined);

/**
 * The delivery's kind and listener id, keyed as src/slack/dispatch.ts keys its table, from ids
 * Lifering chose (a command name, an action_id, a callback_id, an event type): never from text.
 */
export function routeOfBody(raw: unknown): { kind: string; listener?: string } {
  const body = (raw && typeof raw === 'object' ? raw : {}) as Body;
  const id = (kind: string, key: string | undefined) => (key ? { kind, listener: `${kind}:${key}` } : { kind });
  if (typeof body.command === 'string') return id('command', text(body.command));
  const type = text(body.type) ?? 'unknown';
  if (type === 'block_actions') return id('action', text(body.actions?.[0]?.action_id));
  if (type === 'view_submission' || type === 'view_closed') {
    const callback = text(body.view?.callback_id);
    return callback ? { kind: 'view', listener: `view:${type}:${callback}` } : { kind: 'view' };
  }
  if (type === 'block_suggestion') return id('options', text(body.action_id));
  if (type === 'event_callback') return id('event', text(body.event?.type));
  return { kind: type };
}

/** The workspace of a delivery, in the order src/slack/team.ts decides it; an organisation for org-wide installs. */
export function teamOfBody(raw: unknown): string | undefined {
  const body = (raw && typeof raw === 'object' ? raw : {}) as Body;
  return (
    text(body.view?.app_installed_team_id) ??
    text(body.team?.id) ??
    text(body.team_id) ??
    text(body.user?.team_id) ??
    text(body.enterprise?.id) ??
    text(body.enterprise_id)
  );
}
