/** Slack mrkdwn helpers: escaping user text and formatting people and dates the same way everywhere. */

export const user = (id: string): string => `<@${id}>`;

/** Escapes the three characters Slack treats as control sequences in mrkdwn. */
export const escapeMrkdwn = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Cuts text to `max` characters, marking the cut with an ellipsis. */
export const truncate = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/** Every line break a Slack client shows as one: CR, LF, and Unicode's line and paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: vertical tab and form feed break lines in Slack's clients.
const LINE_BREAK = /\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/g;

/*
 * Someone's text (a note, a goal, a topic name) in a message Lifering writes goes through one of
 * these two, never in raw: a line break in it must not start a line that would pass for ours
 * (a bold "system" line in an admin's digest), Slack's control characters must not make
 * mentions or links of it, and a direction control must not turn our words after it around.
 */

/**
 * Unicode's explicit direction controls: the embeddings and overrides (U+202A–U+202E) and the
 * isolates (U+2066–U+2069). One in someone's name or note reverses or reorders everything after it
 * to the end of the paragraph, our words included ("…evoba eht ni em tsoh"), so none is shown. The
 * marks (U+200E, U+200F, U+061C) are kept: right-to-left writing uses them to place punctuation, and
 * each acts as one invisible letter of its direction, doing nothing a Hebrew or Latin letter there
 * would not do.
 */
const DIRECTION_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** Text as Lifering shows it in Slack: without direction controls (the Block Kit builders apply it to every text object). */
export const withoutDirectionControls = (text: string): string => text.replace(DIRECTION_CONTROLS, '');

/** Someone's text inside a line of ours: on one line (line breaks become spaces), escaped, cut to `max`. */
export const inlineText = (text: string, max = 3000): string =>
  escapeMrkdwn(truncate(withoutDirectionControls(text).replace(LINE_BREAK, ' '), max));

/** Someone's text on lines of its own below a line of ours: every line block-quoted, escaped, cut to `max`. */
export const quotedText = (text: string, max = 3000): string =>
  escapeMrkdwn(truncate(withoutDirectionControls(text), max))
    .split(LINE_BREAK)
    .map((line) => `>${line}`)
    .join('\n');

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "23 Nov" for a date this year, "23 Nov 2025" otherwise; takes YYYY-MM-DD or an ISO instant. */
export function shortDate(isoOrDay: string, today: Date = new Date()): string {
  const [y, m, d] = isoOrDay.slice(0, 10).split('-').map(Number) as [number, number, number];
  const base = `${d} ${MONTHS[m - 1]}`;
  return y === today.getUTCFullYear() ? base : `${base} ${y}`;
}

/** "23 Nov at 10:00" as Slack's date token, so each reader sees it on their own clock (UTC in the fallback). */
export function dateTime(at: Date, now: Date): string {
  const clock = at.toISOString().slice(11, 16);
  return `<!date^${Math.floor(at.getTime() / 1000)}^{date_short} at {time}|${shortDate(at.toISOString(), now)} at ${clock} UTC>`;
}

export const SUPPORTER_KIND_LABEL = {
  mentor: 'mentor',
  coach: 'coach',
  advisor: 'advisor',
  on_demand_advisor: 'on-demand advisor',
} as const;
