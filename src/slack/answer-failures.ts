import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { unexpectedFailure } from './errors.ts';

interface AnsweredArgs {
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
type Handler = (args: never) => Promise<void>;

/**
 * Every click and form submission gets an answer even when its handler fails after the checks
 * (Slack refusing a call, the database busy): an unanswered submission would leave the form
 * spinning for 3 s and then show Slack's own error, and a failed click would show nothing at all.
 * A submission not yet acknowledged keeps the form open with the explanation under its first
 * field, so nothing typed is lost; otherwise the person is told under the message they clicked,
 * or by DM when the click came from Home or a modal.
 */
export function answerFailures<H extends Handler>(handler: H, logger: Logger): H {
  const answered = async (args: AnsweredArgs) => {
    let acked = false;
    const ack = async (response?: unknown) => {
      acked = true;
      await args.ack(response);
    };
    try {
      await handler({ ...args, ack } as never);
    } catch (error) {
      await answerFailure(args, acked, error, logger);
    }
  };
  return answered as unknown as H;
}

async function answerFailure(args: AnsweredArgs, acked: boolean, error: unknown, logger: Logger): Promise<void> {
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
