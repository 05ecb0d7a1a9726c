import { actions, button, context, type Message, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText, shortDate } from '../../slack/text.ts';
import type { Programme } from '../../storage/programmes.ts';
import { cohortLength } from './rules.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What a cohort's final report counts: the pairs its end closed, and all it ever had by status. */
export interface FinalCounts {
  ended: { pending: number; active: number };
  byStatus: Record<string, number>;
}

/** The managers' DM when a cohort ends: what ended, what it came to, the CSV to follow, and Run again. */
export function finalReportDm(p: Programme, c: FinalCounts, today: Date): Message {
  const name = `*${inlineText(p.name, 80)}*`;
  const lead = `:checkered_flag: The cohort ${name} ended on ${shortDate(p.endsOn ?? today.toISOString(), today)}.`;
  const open = c.ended.active + c.ended.pending;
  const ending =
    open === 0
      ? 'No mentorship was still open.'
      : `${plural(open, 'mentorship was', 'mentorships were')} still open and ended with it (${c.ended.active} active, ${c.ended.pending} not yet accepted). Each side was thanked and told kindly, with no blame, and those who had begun were asked a short, private close-out.`;
  const all = Object.values(c.byStatus).reduce((a, b) => a + b, 0);
  const over = `Over the cohort: ${plural(all, 'mentorship')}${c.byStatus.declined ? `, ${c.byStatus.declined} declined` : ''}. The CSV of its pairs follows.`;
  const days = cohortLength(p);
  return {
    text: `${lead} Its final report is here.`,
    blocks: [
      section(`${lead}\n${ending}\n${over}`),
      actions([button('Run again', ACTIONS.cohortRunAgain, String(p.id), { style: 'primary' })]),
      context(
        `Run again makes the next cohort as a draft: the same settings, managers and agreement${days ? `, every date ${plural(days, 'day')} later` : ''}, and no pairs.`,
      ),
    ],
  };
}

export const madeAgainText = (next: Programme, today: Date): string =>
  `I've made *${inlineText(next.name, 80)}* as a draft${next.startsOn ? `, running from ${shortDate(next.startsOn, today)}` : ''}, with the same settings, managers and agreement. Open it from \`/mentor programme ${next.name}\` when it is ready.`;

export const alreadyAgainText = (next: Programme): string =>
  `This cohort was already run again as *${inlineText(next.name, 80)}*; nothing changed.`;

export const nameTakenText = (name: string): string =>
  `A programme called *${inlineText(name, 80)}* already exists, so I couldn't name the next cohort. Rename that one, then press Run again.`;
