import { App, type AppOptions, type Logger, type ReceiverEvent } from '@slack/bolt';
import { noteOutcome, observeRequest, type RequestCounter } from '../observability/context.ts';
import type { TriggerClock } from './client.ts';
import { cleanIncoming, deliveryKind } from './incoming.ts';

export interface IntakeOptions {
  logger: Logger;
  /** Work still running after Slack got its ack; shutdown and tests wait for it. */
  track: (work: Promise<unknown>) => void;
  /** Where each delivery's trigger id is clocked in, so calls with it stop when Slack would refuse it. */
  triggers?: TriggerClock;
  /** Metrics on: counts each request once it is handled, as its summary log line says it. */
  counted?: RequestCounter;
}

/**
 * Bolt's App with one thing added where every delivery enters, over HTTP or Socket Mode alike
 * (both receivers hand each one to `processEvent`):
 * - it is tracked from that moment, before Bolt acks it: events are acked before any middleware
 *   runs, so tracking from a middleware would let shutdown (and a test's settle()) miss work that
 *   has not started yet;
 * - Slack input is cleaned once, before any listener sees it: command text decoded, NUL dropped
 *   (src/slack/incoming.ts);
 * - its trigger id, if it has one, is clocked in: Slack takes it for 3 s from about now;
 * - it is a request of its own from that moment (src/observability/context.ts): an id, its
 *   workspace and listener on every log line it and the work it sets off write, its ack timed;
 * - a click (block_actions) is acked at once: Slack reads nothing from its ack;
 * - whatever no listener acknowledged (view_closed, a shortcut, an action id from an old message,
 *   a payload type Lifering does not know) is acked quietly once the listeners are done, instead
 *   of Bolt's 404 and error log after 3 s.
 */
export class IntakeApp extends App {
  constructor(
    options: AppOptions,
    private readonly intake: IntakeOptions,
  ) {
    super(options);
  }

  override processEvent(event: ReceiverEvent): Promise<void> {
    return observeRequest(event, this.intake.logger, () => this.receive(event), this.intake.counted);
  }

  private receive(event: ReceiverEvent): Promise<void> {
    cleanIncoming(event.body);
    const { logger, track, triggers } = this.intake;
    const triggerId = (event.body as { trigger_id?: unknown }).trigger_id;
    if (typeof triggerId === 'string') triggers?.received(triggerId);
    const ack = event.ack;
    // `acked`: a listener acknowledged it; `answered`: Slack has its answer (once, whoever sends it).
    let acked = false;
    let answered = false;
    event.ack = async (response) => {
      acked = true;
      if (answered) return;
      answered = true;
      await ack(response);
    };
    const kind = deliveryKind(event.body);
    if (kind === 'block_actions') {
      // Slack reads nothing from a click's ack, so it goes before any work, as Bolt does for an
      // event: the delivery's claim and the policy check then never hold it up.
      answered = true;
      void ack().catch((error: unknown) => logger.warn('acknowledging a click failed', error));
    }
    const handled =
      kind === 'app_rate_limited'
        ? Promise.resolve(logger.info('Slack is holding back events for this app (app_rate_limited)'))
        : super.processEvent(event);
    const work = handled.then(async () => {
      if (acked) return;
      noteOutcome('unhandled');
      logger.debug(`acknowledging ${kind}, which nothing here handles`);
      await event.ack();
    });
    track(work);
    return work;
  }
}
