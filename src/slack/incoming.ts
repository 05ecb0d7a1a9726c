/**
 * Where Slack input enters the app. Every request body, over HTTP or Socket Mode, passes through
 * `cleanIncoming` once, before any listener sees it (src/slack/intake.ts), so no
 * listener decodes or cleans a field of its own:
 *
 * - slash-command `text` is turned back into what the person typed (`decodeCommandText`), with
 *   user mentions kept as `<@U…>` tokens so commands can still tell a person from a word;
 * - NUL characters (U+0000) are dropped from every string: PostgreSQL cannot store them in text,
 *   and nobody means to type one.
 */

/** Drops NUL characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: dropping NUL is the point.
export const withoutNul = (text: string): string => (text.includes('\u0000') ? text.replace(/\u0000/g, '') : text);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };
const SPECIAL = new Set(['here', 'channel', 'everyone']);

/** Slack escapes exactly these three; one pass, so `&amp;lt;` reads `&lt;`, as typed. */
export const decodeEntities = (text: string): string =>
  text.replace(/&(amp|lt|gt);/g, (_, name: string) => ENTITIES[name]!);

/**
 * What one piece of Slack markup (`<…>` without the brackets) stood for when the person typed it.
 * Slack writes markup for things it recognised in the text: people, channels, user groups,
 * @here, dates, e-mail addresses, links and bare domains (`ASP.NET` arrives as
 * `<http://ASP.NET|ASP.NET>`). The label, when there is one, is what was typed.
 */
function decodeMarkup(inner: string): string {
  // A person: kept whole, to be parsed as a mention (src/slack/mentions.ts).
  if (inner.startsWith('@')) return `<${inner}>`;
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : decodeEntities(inner.slice(bar + 1));
  if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
  if (target.startsWith('!')) {
    const name = target.slice(1);
    if (SPECIAL.has(name)) return `@${name}`;
    // <!subteam^S123|@team>, <!date^1392734382^{date}|Feb 18, 2014>: the label is what people saw.
    if (label !== undefined) return label;
    return `@${name.replace(/^subteam\^/, '')}`;
  }
  if (label !== undefined) return label;
  const url = decodeEntities(target);
  return url.startsWith('mailto:') ? url.slice('mailto:'.length) : url;
}

/**
 * The text of a slash command as the person typed it. The command is declared with
 * `should_escape: true` (manifest.yml), so Slack sends `&`, `<`, `>` as `&amp;`, `&lt;`, `&gt;`
 * and rewrites mentions, channels, user groups, e-mail addresses and links into `<…>` markup.
 * A `<` in the escaped text is always Slack's own, so markup and typed text cannot be confused
 * here; afterwards a typed `<@U123>` reads like a mention, which names no one a person could not
 * have mentioned anyway.
 */
export function decodeCommandText(escaped: string): string {
  return withoutNul(escaped).replace(
    /<([^<>]*)>|&(amp|lt|gt);/g,
    (_, inner: string | undefined, entity: string | undefined) =>
      inner !== undefined ? decodeMarkup(inner) : ENTITIES[entity!]!,
  );
}

/** Drops NUL characters from every string in a parsed body, in place. */
function clean(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return withoutNul(value);
  if (depth > 64 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = clean(value[i], depth + 1);
  } else {
    const o = value as Record<string, unknown>;
    for (const key of Object.keys(o)) o[key] = clean(o[key], depth + 1);
  }
  return value;
}

/**
 * Cleans a request body as Bolt parsed it, in place, before any listener runs: commands get
 * their text decoded, every string loses its NUL characters.
 */
export function cleanIncoming(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const b = body as Record<string, unknown>;
  if (typeof b.command === 'string' && typeof b.text === 'string') b.text = decodeCommandText(b.text);
  clean(b);
}

/** What a delivery is, for logs: `block_actions`, `view_closed`, `event_callback/app_home_opened`, `/mentor`. */
export function deliveryKind(body: unknown): string {
  const b = (typeof body === 'object' && body !== null ? body : {}) as {
    type?: unknown;
    command?: unknown;
    event?: { type?: unknown };
  };
  if (typeof b.command === 'string') return b.command;
  if (b.type === 'event_callback') return `event_callback/${String(b.event?.type)}`;
  return typeof b.type === 'string' ? b.type : 'a delivery of unknown type';
}
