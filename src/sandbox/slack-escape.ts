/**
 * What Slack does to the text of a slash command declared with `should_escape: true` before it
 * sends it to the app, so the driver (and through it every end-to-end test and the browser
 * sandbox) sends command text the way Slack does:
 *
 * - `&`, `<` and `>` become `&amp;`, `&lt;` and `&gt;`;
 * - `@handle` of someone in the workspace becomes `<@U123|handle>`; `@here`, `@channel` and
 *   `@everyone` become `<!here>` …; `@group` of a user group becomes `<!subteam^S123|@group>`;
 * - `#name` of a channel becomes `<#C123|name>`;
 * - an e-mail address becomes `<mailto:a@b.c|a@b.c>`;
 * - a URL becomes `<https://x.y/z>`, and a bare domain (`example.com`, `ASP.NET`) becomes
 *   `<http://example.com|example.com>`, trailing punctuation left outside.
 *
 * A mention already written as markup (`<@U123>` or `<@U123|name>`) is kept: tests write a
 * person picked from Slack's autocomplete that way.
 */

export interface SlackDirectory {
  /** The user id for a handle (without @), if someone in the workspace has it. */
  user?(handle: string): string | undefined;
  channel?(name: string): string | undefined;
  usergroup?(handle: string): string | undefined;
}

const escapeEntities = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// Top-level domains Slack's linkifier knows; enough of them for typed words like ASP.NET or example.io.
const TLDS =
  'com|net|org|io|dev|app|ai|co|edu|gov|mil|info|biz|me|us|uk|de|fr|es|it|nl|be|se|no|dk|fi|ch|at|pl|cz|pt|ie|eu|ca|au|nz|jp|cn|in|br|mx|ru|tv|xyz|ly|sh|so|gg|fm|to|cc|ws|tech|site|online|cloud';
const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const BARE_DOMAIN = new RegExp(`^(?:${LABEL}\\.)+(?:${TLDS})(?::\\d+)?(?:[/?#]\\S*)?$`, 'i');
const URL_WITH_SCHEME = /^(?:https?|ftp):\/\/\S+$/i;
const EMAIL = /^[a-z0-9._%+-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i;
const MENTION_MARKUP = /^<@[UW][A-Z0-9]+(?:\|[^<>]*)?>$/;
const TRAILING = /[.,!?;:)\]'"]+$/;
const urlPart = escapeEntities;

function linked(word: string): string | undefined {
  if (/[|<>]/.test(word)) return undefined;
  if (EMAIL.test(word)) return `<mailto:${urlPart(word)}|${escapeEntities(word)}>`;
  if (URL_WITH_SCHEME.test(word)) return `<${urlPart(word)}>`;
  if (BARE_DOMAIN.test(word)) return `<http://${urlPart(word)}|${escapeEntities(word)}>`;
  return undefined;
}

function encodeWord(word: string, dir: SlackDirectory): string {
  if (MENTION_MARKUP.test(word)) return word;
  const at = /^@([\w-]+(?:\.[\w-]+)*)(.*)$/s.exec(word);
  if (at) {
    const [, handle, after] = at as unknown as [string, string, string];
    if (['here', 'channel', 'everyone'].includes(handle)) return `<!${handle}>${escapeEntities(after)}`;
    const lower = handle.toLowerCase();
    const userId = dir.user?.(lower);
    if (userId) return `<@${userId}|${lower}>${escapeEntities(after)}`;
    const groupId = dir.usergroup?.(lower);
    if (groupId) return `<!subteam^${groupId}|@${escapeEntities(handle)}>${escapeEntities(after)}`;
  }
  const hash = /^#([a-z0-9_-]+)(.*)$/s.exec(word);
  if (hash) {
    const channelId = dir.channel?.(hash[1]!.toLowerCase());
    if (channelId) return `<#${channelId}|${hash[1]!.toLowerCase()}>${escapeEntities(hash[2]!)}`;
  }
  const trailing = TRAILING.exec(word)?.[0] ?? '';
  const core = word.slice(0, word.length - trailing.length);
  const link = core ? linked(core) : undefined;
  return link ? `${link}${escapeEntities(trailing)}` : escapeEntities(word);
}

/** Typed command text as Slack sends it to an app whose command has `should_escape: true`. */
export function escapeLikeSlack(typed: string, dir: SlackDirectory = {}): string {
  return typed.replace(/<@[UW][A-Z0-9]+(?:\|[^<>]*)?>|\S+/g, (word) => encodeWord(word, dir));
}
