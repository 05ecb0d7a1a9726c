import type { App, Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { unexpectedFailure } from './errors.ts';

interface GuardedArgs {
  ack: (response?: unknown) => Promise<void>;
  body: {
    type?: string;
    user?: { id?: string };
    response_url?: string;
    actions?: { action_id?: string }[];
    view?: { callback_id?: string; blocks?: { type?: string; block_id?: string }[] };
  };
  respond?: (message: { response_type: 'ephemeral'; replace_original: false; text: string }) => Promise<unknown>;
  client: WebClient;
}

type Listener = (args: GuardedArgs) => Promise<void>;

/**
 * Every click and form submission gets an answer even when its listener fails after the checks
 * (Slack refusing a call, the database busy): an unanswered submission would leave the form
 * spinning for 3 s and then show Slack's own error, and a failed click would show nothing at all.
 * A submission not yet acknowledged keeps the form open with the explanation under its first
 * field, so nothing typed is lost; otherwise the person is told under the message they clicked,
 * or by DM when the click came from Home or a modal.
 */
export function guardListeners(app: App, logger: Logger): App {
  return new Proxy(app, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if ((prop === 'action' || prop === 'view') && typeof value === 'function') {
        return (...args: unknown[]) => {
          const listener = args.pop() as Listener;
          return (value as (...a: unknown[]) => unknown).call(target, ...args, guard(listener, logger));
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function guard(listener: Listener, logger: Logger): Listener {
  return async (args) => {
    let acked = false;
    const ack = async (response?: unknown) => {
      acked = true;
      await args.ack(response);
    };
    try {
      await listener({ ...args, ack });
    } catch (error) {
      const { body } = args;
      const what =
        body.type === 'view_submission'
          ? `submitting ${body.view?.callback_id}`
          : `${body.type} ${body.actions?.[0]?.action_id ?? ''}`;
      const text = unexpectedFailure(logger, what, error);
      const field = body.view?.blocks?.find((b) => b.type === 'input')?.block_id;
      if (body.type === 'view_submission' && !acked && field) {
        await args.ack({ response_action: 'errors', errors: { [field]: text } });
        return;
      }
      if (!acked) await args.ack();
      try {
        if (body.response_url && args.respond)
          await args.respond({ response_type: 'ephemeral', replace_original: false, text });
        else if (body.user?.id) await args.client.chat.postMessage({ channel: body.user.id, text });
      } catch (e) {
        logger.warn('could not tell the person about a failure', e);
      }
    }
  };
}
