// Slack's mrkdwn and plain_text to safe HTML, for the sandbox page (and its unit test).
// Everything the app wrote is escaped before any markup is added.

export const EMOJI = {
  ring_buoy: '🛟', wave: '👋', white_check_mark: '✅', heavy_check_mark: '✔️', warning: '⚠️', alarm_clock: '⏰',
  bust_in_silhouette: '👤', busts_in_silhouette: '👥', scales: '⚖️', calendar: '📆', date: '📅', spiral_calendar_pad: '🗓️',
  memo: '📝', pencil: '📝', pencil2: '✏️', tada: '🎉', x: '❌', no_entry: '⛔', no_entry_sign: '🚫', hourglass: '⌛',
  hourglass_flowing_sand: '⏳', stopwatch: '⏱️', bell: '🔔', no_bell: '🔕', sparkles: '✨', star: '⭐', dart: '🎯',
  seedling: '🌱', raised_hands: '🙌', '+1': '👍', thumbsup: '👍', '-1': '👎', heart: '❤️', clipboard: '📋',
  chart_with_upwards_trend: '📈', bar_chart: '📊', inbox_tray: '📥', outbox_tray: '📤', page_facing_up: '📄',
  mag: '🔍', link: '🔗', lock: '🔒', key: '🔑', bulb: '💡', speech_balloon: '💬', handshake: '🤝', rocket: '🚀',
  eyes: '👀', information_source: 'ℹ️', question: '❓', exclamation: '❗', sos: '🆘', red_circle: '🔴',
  large_green_circle: '🟢', large_yellow_circle: '🟡', large_orange_circle: '🟠', white_circle: '⚪',
  arrow_right: '➡️', arrow_left: '⬅️', arrows_counterclockwise: '🔄', repeat: '🔁', hugging_face: '🤗',
  slightly_smiling_face: '🙂', smile: '😄', envelope: '✉️', email: '📧', zzz: '💤', wastebasket: '🗑️',
  pushpin: '📌', books: '📚', mortar_board: '🎓', trophy: '🏆', muscle: '💪', raising_hand: '🙋',
  person_raising_hand: '🙋', spiral_note_pad: '🗒️', card_index_dividers: '🗂️', file_folder: '📁', gear: '⚙️',
  hammer_and_wrench: '🛠️', construction: '🚧', checkered_flag: '🏁', door: '🚪', coffee: '☕', sunny: '☀️',
  crescent_moon: '🌙', clock1: '🕐', mailbox: '📫', heavy_plus_sign: '➕', pray: '🙏', ok_hand: '👌',
  thinking_face: '🤔', clap: '👏', fire: '🔥', 100: '💯', hourglass_done: '⌛', bookmark: '🔖', leaves: '🍃',
  label: '🏷️', unlock: '🔓', bookmark_tabs: '📑',
};

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]);
/** Slack text arrives with &, < and > escaped; show them as the characters. */
export const unescapeSlack = (s) => String(s).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export function emoji(html) {
  return html.replace(/:([a-z0-9_+'-]+):/g, (whole, name) =>
    EMOJI[name] ? `<span class="emoji" title=":${name}:">${EMOJI[name]}</span>` : `<span class="emoji-unknown">${whole}</span>`,
  );
}

/** plain_text objects: no formatting, emoji codes converted unless `emoji: false`. */
export function plainToHtml(text, convertEmoji = true) {
  const html = escapeHtml(unescapeSlack(text ?? '')).replace(/\n/g, '<br>');
  return convertEmoji ? emoji(html) : html;
}

const SAFE_URL = /^(https?:|mailto:|slack:)/i;

/**
 * mrkdwn to HTML. `opts.userName(id)` names <@U…> mentions; `opts.channelName(id)` names <#C…>;
 * `opts.timeZone` (the reader's) and `opts.now` show <!date^…> tokens as Slack shows them to that
 * reader, or their fallback text when no zone is given.
 */
export function mrkdwnToHtml(text, opts = {}) {
  const userName = opts.userName ?? ((id) => id);
  const channelName = opts.channelName ?? ((id) => id);
  const held = [];
  const hold = (html) => `\u0001${held.push(html) - 1}\u0002`;
  let s = String(text ?? '');

  // ```pre``` blocks and `code` are taken out first: nothing inside them is formatted.
  s = s.replace(/```\n?([\s\S]*?)```/g, (_, code) => hold(`<pre class="mk-pre">${escapeHtml(unescapeSlack(code))}</pre>`));
  s = s.replace(/`([^`\n]+)`/g, (_, code) => hold(`<code class="mk-code">${escapeHtml(unescapeSlack(code))}</code>`));

  // <@U…>, <#C…|name>, <!here>, <!date^…|fallback>, <url|label>, <url>
  s = s.replace(/<([^<>\n]+)>/g, (whole, inner) => {
    const [target, label] = splitOnce(inner, '|');
    if (target.startsWith('@')) {
      const id = target.slice(1);
      return hold(`<span class="mention" data-user="${escapeHtml(id)}">@${escapeHtml(label ?? userName(id))}</span>`);
    }
    if (target.startsWith('#')) return hold(`<span class="mention">#${escapeHtml(label ?? channelName(target.slice(1)))}</span>`);
    if (target.startsWith('!subteam^')) return hold(`<span class="mention">${escapeHtml(label ?? '@group')}</span>`);
    if (target.startsWith('!date^')) {
      const fallback = unescapeSlack(label ?? target);
      const shown = slackDate(target, opts) ?? fallback;
      return hold(`<span class="mk-date" title="${escapeHtml(fallback)}">${escapeHtml(shown)}</span>`);
    }
    if (target.startsWith('!')) return hold(`<span class="mention">@${escapeHtml(target.slice(1))}</span>`);
    const url = unescapeSlack(target);
    if (!SAFE_URL.test(url)) return whole;
    const shown = label === undefined ? escapeHtml(url) : emoji(escapeHtml(unescapeSlack(label)));
    return hold(`<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${shown}</a>`);
  });

  let html = '';
  let afterBlock = true;
  for (const line of s.split('\n')) {
    const quoted = /^(?:>|&gt;)\s?/.exec(line);
    let inline = escapeHtml(unescapeSlack(quoted ? line.slice(quoted[0].length) : line));
    inline = inline
      .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])/g, '$1<b>$2</b>')
      .replace(/(^|[^\w_])_(?!\s)([^_\n]+?)_(?![\w_])/g, '$1<i>$2</i>')
      .replace(/(^|[^\w~])~(?!\s)([^~\n]+?)~(?![\w~])/g, '$1<s>$2</s>');
    inline = emoji(inline);
    // A quote is a block of its own, so the line after it needs no <br>.
    html += quoted ? `<span class="mk-quote">${inline}</span>` : `${afterBlock ? '' : '<br>'}${inline}`;
    afterBlock = Boolean(quoted);
  }
  // Restore held pieces (they may nest: a held link label never holds another piece).
  html = html.replace(/\u0001(\d+)\u0002/g, (_, i) => held[Number(i)]);
  return html;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ordinal = (n) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

/** The calendar day of `at` in `timeZone`, as a UTC midnight (so two days subtract to whole days). */
function dayIn(at, timeZone) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(at).map((x) => [x.type, x.value]),
  );
  return new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)));
}

function ago(ms) {
  const past = ms >= 0;
  const s = Math.abs(ms) / 1000;
  const [n, unit] = s < 60 ? [0, ''] : s < 3600 ? [Math.floor(s / 60), 'minute'] : s < 86400 ? [Math.floor(s / 3600), 'hour'] : [Math.floor(s / 86400), 'day'];
  if (n === 0) return 'just now';
  const phrase = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return past ? `${phrase} ago` : `in ${phrase}`;
}

/**
 * `!date^<epoch>^<format>[^<link>]` in the reader's zone, with Slack's tokens ({date_num},
 * {date}, {date_short}, {date_long}, their _pretty forms, {time}, {time_secs}, {ago});
 * undefined when it cannot be shown, so the caller uses the fallback as Slack does.
 */
function slackDate(target, opts) {
  const [, epoch, format] = target.split('^');
  const at = new Date(Number(epoch) * 1000);
  if (!opts.timeZone || !format || Number.isNaN(at.getTime())) return undefined;
  const now = opts.now ?? new Date();
  const day = dayIn(at, opts.timeZone);
  const y = day.getUTCFullYear();
  const m = MONTHS[day.getUTCMonth()];
  const d = day.getUTCDate();
  const diff = Math.round((day.getTime() - dayIn(now, opts.timeZone).getTime()) / 86_400_000);
  const near = { '-1': 'yesterday', 0: 'today', 1: 'tomorrow' }[diff];
  const clock = (seconds) =>
    new Intl.DateTimeFormat('en-US', { timeZone: opts.timeZone, hour: 'numeric', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}) }).format(at);
  const tokens = {
    date_num: `${y}-${String(day.getUTCMonth() + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    date: `${m} ${ordinal(d)}, ${y}`,
    date_short: `${m.slice(0, 3)} ${d}, ${y}`,
    date_long: `${WEEKDAYS[day.getUTCDay()]}, ${m} ${ordinal(d)}, ${y}`,
    time: clock(false),
    time_secs: clock(true),
    ago: ago(now.getTime() - at.getTime()),
  };
  for (const k of ['date', 'date_short', 'date_long']) tokens[`${k}_pretty`] = near ?? tokens[k];
  let unknown = false;
  const shown = format.replace(/\{(\w+)\}/g, (whole, name) => tokens[name] ?? ((unknown = true), whole));
  return unknown ? undefined : shown;
}

function splitOnce(s, sep) {
  const at = s.indexOf(sep);
  return at === -1 ? [s, undefined] : [s.slice(0, at), s.slice(at + 1)];
}
