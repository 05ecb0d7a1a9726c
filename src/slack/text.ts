/** Slack mrkdwn helpers: escaping user text and formatting people and dates the same way everywhere. */

export const user = (id: string): string => `<@${id}>`;

/** Escapes the three characters Slack treats as control sequences in mrkdwn. */
export const escapeMrkdwn = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Cuts text to `max` characters, marking the cut with an ellipsis. */
export const truncate = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "23 Nov" for a date this year, "23 Nov 2025" otherwise; takes YYYY-MM-DD or an ISO instant. */
export function shortDate(isoOrDay: string, today: Date = new Date()): string {
  const [y, m, d] = isoOrDay.slice(0, 10).split('-').map(Number) as [number, number, number];
  const base = `${d} ${MONTHS[m - 1]}`;
  return y === today.getUTCFullYear() ? base : `${base} ${y}`;
}

export const SUPPORTER_KIND_LABEL = {
  mentor: 'mentor',
  coach: 'coach',
  advisor: 'advisor',
  on_demand_advisor: 'on-demand advisor',
} as const;
