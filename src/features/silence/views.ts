import type { KnownBlock } from '@slack/types';
import { actions, button, context, type Message, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { escapeMrkdwn, truncate, user } from '../../slack/text.ts';
import { mentorshipValue } from '../mentorships/values.ts';
import { openReportValue } from '../reports/values.ts';

export interface QuietPair {
  mentorshipId: number;
  supporterId: string;
  menteeId: string;
  topicName: string | null;
  weeks: number;
}

/** Each pair takes at most two blocks; 15 of each kind keeps a DM far under Slack's 50. */
export const MAX_QUIET_SHOWN = 15;

const topic = (p: QuietPair) => (p.topicName ? ` (${escapeMrkdwn(p.topicName)})` : '');
const weeks = (n: number) => `${n} week${n === 1 ? '' : 's'}`;

/**
 * One DM per person per run: the quiet pairs they support, the ones they are the mentee of, and
 * (for admins) the pairs still quiet after both sides were told. Neutral wording, no blame, and the
 * way out on a button next to each.
 */
export function silenceDm(d: {
  supporting: readonly QuietPair[];
  supported: readonly QuietPair[];
  forAdmins: readonly QuietPair[];
}): Message {
  const blocks: KnownBlock[] = [];
  const names: string[] = [];
  for (const p of d.supporting.slice(0, MAX_QUIET_SHOWN)) {
    names.push(user(p.menteeId));
    blocks.push(
      section(
        `:hourglass_flowing_sand: *It's been quiet with ${user(p.menteeId)}*${topic(p)}: no meeting report or check-in for ${weeks(p.weeks)}. ` +
          `If you still meet, a short meeting report keeps it on track. If it has run its course, you can end it: no blame attached, and ${user(p.menteeId)} can ask for another supporter.`,
      ),
      actions([
        button('Log meeting report', ACTIONS.openReport, openReportValue(p.mentorshipId), { style: 'primary' }),
        button('End mentorship', ACTIONS.confirmEnd, mentorshipValue(p.mentorshipId)),
      ]),
    );
  }
  for (const p of d.supported.slice(0, MAX_QUIET_SHOWN)) {
    names.push(user(p.supporterId));
    blocks.push(
      section(
        `:hourglass_flowing_sand: *It's been quiet with your supporter ${user(p.supporterId)}*${topic(p)}: no meeting report or check-in for ${weeks(p.weeks)}. ` +
          "If you still meet, all is well and there is nothing to do. If it isn't working for you, you can end it: no blame attached, and you can ask for someone else with `/mentor request`.",
        { accessory: button('End mentorship', ACTIONS.confirmEnd, mentorshipValue(p.mentorshipId)) },
      ),
    );
  }
  if (d.forAdmins.length > 0) {
    const shown = d.forAdmins.slice(0, MAX_QUIET_SHOWN);
    const lines = shown.map(
      (p) => `• ${user(p.supporterId)} → ${user(p.menteeId)}${topic(p)}: quiet for ${weeks(p.weeks)}`,
    );
    const more = d.forAdmins.length > shown.length ? `\n…and ${d.forAdmins.length - shown.length} more.` : '';
    blocks.push(
      section(
        `:hourglass_flowing_sand: *Still quiet after both sides were offered a no-blame way out:*\n${lines.join('\n')}${more}`,
      ),
      actions([button('Mentorships report', ACTIONS.openMentorshipsReport)]),
    );
    names.push(`${d.forAdmins.length} quiet pair${d.forAdmins.length === 1 ? '' : 's'}`);
  }
  blocks.push(
    context(
      d.forAdmins.length > 0 && d.supporting.length + d.supported.length === 0
        ? 'A friendly word often helps. Anyone in the pair, or you, can end a mentorship at any time with no blame: `/mentor end @supporter @mentee`.'
        : 'Only you see this message, and Lifering asks once. If nothing changes for a while, the programme admins are told so they can help.',
    ),
  );
  return { text: truncate(`It's been quiet: ${names.join(', ')}.`, 3000), blocks };
}
