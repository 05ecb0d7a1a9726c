// Types for the page's plain-JS mrkdwn module, so the unit test can import it.
export const EMOJI: Record<string, string>;
export function escapeHtml(s: string): string;
export function unescapeSlack(s: string): string;
export function emoji(html: string): string;
export function plainToHtml(text: string | undefined, convertEmoji?: boolean): string;
export function mrkdwnToHtml(
  text: string | undefined,
  opts?: { userName?: (id: string) => string; channelName?: (id: string) => string; timeZone?: string; now?: Date },
): string;
