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
 * mrkdwn to HTML. `opts.userName(id)` names <@U…> mentions; `opts.channelName(id)` names <#C…>.
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
    if (target.startsWith('!date^')) return hold(`<span class="mk-date">${escapeHtml(unescapeSlack(label ?? target))}</span>`);
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

function splitOnce(s, sep) {
  const at = s.indexOf(sep);
  return at === -1 ? [s, undefined] : [s.slice(0, at), s.slice(at + 1)];
}
