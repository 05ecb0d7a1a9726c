import { escapeMrkdwn } from './text.ts';

/**
 * Parsing of `/mentor` text, after it was decoded where it entered (src/slack/incoming.ts). With
 * `should_escape: true` Slack sends mentions as `<@U123|name>` (newer clients) or `<@U123>`; both
 * are accepted, anything else is not a user.
 */
const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

export function parseMention(token: string): string | undefined {
  return MENTION.exec(token.trim())?.[1];
}

/** Splits command text into words, keeping a mention (which may contain spaces after `|`) whole. */
export function tokenize(text: string): string[] {
  return (
    text
      .match(/<[^>]*>|"[^"]*"|\S+/g)
      ?.map((t) => (t.startsWith('"') && t.endsWith('"') && t.length > 1 ? t.slice(1, -1) : t)) ?? []
  );
}

/** A token that looks like someone tried to name a user (so the error can say how to mention them). */
export const looksLikeUser = (token: string): boolean => token.startsWith('@') || token.startsWith('<@');

/** The text after the first `count` words, as the person typed it. */
export function afterWords(text: string, count: number): string {
  const re = /<[^>]*>|"[^"]*"|\S+/g;
  let end = 0;
  for (let i = 0; i < count; i++) {
    const m = re.exec(text);
    if (!m) return '';
    end = m.index + m[0].length;
  }
  return text.slice(end).trim();
}

/** Parses a mention token, or explains with an example how to mention someone. */
export function mentionOrHint(token: string | undefined, example: string): { userId: string } | { error: string } {
  const userId = token ? parseMention(token) : undefined;
  if (userId) return { userId };
  const what = token ? `I couldn't find a user in \`${escapeMrkdwn(token)}\`.` : 'I need to know who you mean.';
  return { error: `${what} Mention them like \`${example}\`.` };
}
