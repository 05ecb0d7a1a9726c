import type { ModalView } from '@slack/types';
import { actions, button, context, input, type Message, modal, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText, quotedText, shortDate, user } from '../../slack/text.ts';
import type { Checkin } from '../../storage/checkins.ts';
import { COMMENT_MAX } from './rules.ts';
import { checkinCommentValue, checkinScoreValue, commentModalMeta, SCORES } from './values.ts';

const SCORE_WORDS = ['', 'poor', 'not great', 'okay', 'good', 'great'];
const topicPart = (c: Checkin) => (c.topicName ? ` (${inlineText(c.topicName)})` : '');

/** One action id per score: Slack wants them unique within a block. */
export const scoreActionId = (score: number): string => `${ACTIONS.checkinScore}.${score}`;

export function question(c: Checkin, today: Date): string {
  return c.kind === 'meeting'
    ? `How was your meeting with ${user(c.otherId)}${c.metOn ? ` on ${shortDate(c.metOn, today)}` : ''}${topicPart(c)}?`
    : `Your mentorship with ${user(c.otherId)}${topicPart(c)} has ended. How did it go overall?`;
}

/** The one-tap question: five buttons, and what happens to the answer. */
export function checkinDm(c: Checkin, today: Date): Message {
  const q = question(c, today);
  return {
    text: `${q} One tap in Lifering to answer.`,
    blocks: [
      section(`*${q}*`),
      actions(SCORES.map((n) => button(`${n} · ${SCORE_WORDS[n]}`, scoreActionId(n), checkinScoreValue(c.id, n)))),
      context(
        `Optional and private: only Lifering admins see your answer, never ${user(c.otherId)}. You can ignore this.`,
      ),
    ],
  };
}

/** The same DM once answered, with the way to add a comment for the admins. */
export function answeredDm(c: Checkin, today: Date): Message {
  const said = `Thanks: you said ${c.score} of 5 (${SCORE_WORDS[c.score ?? 0]}).`;
  const q = question(c, today);
  if (c.comment) {
    const text = `${said} Your comment went to the Lifering admins.`;
    return {
      text,
      blocks: [section(`${q}\n${text}`), context(`${user(c.otherId)} does not see your answer or comment.`)],
    };
  }
  return {
    text: said,
    blocks: [
      section(`${q}\n${said}`),
      actions([button('Add a private comment', ACTIONS.checkinComment, checkinCommentValue(c.id))]),
      context(`A comment goes to the Lifering admins only, never to ${user(c.otherId)}.`),
    ],
  };
}

export const COMMENT_BLOCK = 'checkin_comment';

export function commentModal(c: Checkin, today: Date): ModalView {
  return modal({
    callbackId: ACTIONS.checkinCommentSave,
    title: 'Private comment',
    submit: 'Send to admins',
    privateMetadata: commentModalMeta(c.id),
    blocks: [
      section(`${question(c, today)} You said ${c.score} of 5.`),
      input(
        COMMENT_BLOCK,
        'Anything the admins should know?',
        { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: COMMENT_MAX },
        {
          hint: 'Only Lifering admins read this; the other person never sees it.',
        },
      ),
    ],
  });
}

/** To admins: a check-in worth their attention now (a comment or a low score). Never to the other person. */
export function adminCheckinDm(c: Checkin, today: Date): Message {
  const about =
    c.kind === 'meeting'
      ? `their meeting with ${user(c.otherId)}${c.metOn ? ` on ${shortDate(c.metOn, today)}` : ''}`
      : `their mentorship with ${user(c.otherId)}, which has ended`;
  const lead = `${c.score !== null && c.score <= 2 ? ':warning: ' : ''}Check-in from ${user(c.personId)} about ${about}${topicPart(c)}: *${c.score} of 5*.`;
  const comment = c.comment ? `\n${quotedText(c.comment, COMMENT_MAX)}` : '';
  return {
    text: `Check-in from a ${c.kind === 'meeting' ? 'mentee' : 'participant'}: ${c.score} of 5.`,
    blocks: [
      section(`${lead}${comment}`),
      context(`Private to Lifering admins: ${user(c.otherId)} has not seen this.`),
    ],
  };
}
