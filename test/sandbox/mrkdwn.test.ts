import { describe, expect, it } from 'vitest';
import { mrkdwnToHtml, plainToHtml } from '../../src/sandbox/page/mrkdwn.js';

const names: Record<string, string> = { U0MEI: 'Mei Tanaka' };
const md = (text: string) => mrkdwnToHtml(text, { userName: (id) => names[id] ?? id });

describe('the sandbox page mrkdwn', () => {
  it.each([
    ['*bold*', '<b>bold</b>'],
    ['_italic_ and ~gone~', '<i>italic</i> and <s>gone</s>'],
    ['snake_case_name stays', 'snake_case_name stays'],
    ['2*3*4', '2*3*4'],
    ['`*not bold*`', '<code class="mk-code">*not bold*</code>'],
    ['```\n<b>x</b>\n```', '<pre class="mk-pre">&lt;b&gt;x&lt;/b&gt;\n</pre>'],
    ['> quoted\nplain', '<span class="mk-quote">quoted</span>plain'],
    ['1 &lt; 2 &amp;&amp; 3 &gt; 2', '1 &lt; 2 &amp;&amp; 3 &gt; 2'],
    [
      '<https://example.com|the *site*>',
      '<a href="https://example.com" target="_blank" rel="noopener noreferrer">the *site*</a>',
    ],
    ['<javascript:alert(1)|x>', '&lt;javascript:alert(1)|x&gt;'],
    [
      '<@U0MEI> and <@U0XX|sam>',
      '<span class="mention" data-user="U0MEI">@Mei Tanaka</span> and <span class="mention" data-user="U0XX">@sam</span>',
    ],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [
      ':ring_buoy: :wave: :scales: :nope:',
      '<span class="emoji" title=":ring_buoy:">🛟</span> <span class="emoji" title=":wave:">👋</span> <span class="emoji" title=":scales:">⚖️</span> <span class="emoji-unknown">:nope:</span>',
    ],
    ['a\nb', 'a<br>b'],
  ])('%s', (input, html) => {
    expect(md(input)).toBe(html);
  });

  it('shows &lt; &gt; &amp; as characters (escaped once for HTML)', () => {
    expect(md('a &amp;lt; b')).toBe('a &amp;lt; b');
  });

  it('converts emoji in plain_text unless emoji is false, and never formats it', () => {
    expect(plainToHtml('*Hi* :tada:')).toBe('*Hi* <span class="emoji" title=":tada:">🎉</span>');
    expect(plainToHtml(':tada:', false)).toBe(':tada:');
  });
});

describe('the sandbox page date tokens', () => {
  // 2027-03-01 09:00 UTC: 14:30 on Monday in Kolkata, 01:00 on Monday in Los Angeles.
  const at = Date.UTC(2027, 2, 1, 9, 0) / 1000;
  const token = (format: string) => `<!date^${at}^${format}|2027-03-01 09:00 UTC>`;
  const shown = (format: string, timeZone: string | undefined, now = new Date(Date.UTC(2027, 2, 1, 12))) =>
    mrkdwnToHtml(token(format), { ...(timeZone ? { timeZone } : {}), now }).replace(/<[^>]+>/g, '');

  it.each([
    ['{date_num} {time}', 'Asia/Kolkata', '2027-03-01 2:30 PM'],
    ['{date_short_pretty} {time}', 'Asia/Kolkata', 'today 2:30 PM'],
    ['{date_short_pretty} {time}', 'America/Los_Angeles', 'today 1:00 AM'],
    ['{date}', 'America/Los_Angeles', 'March 1st, 2027'],
    ['{date_long} at {time_secs}', 'Europe/London', 'Monday, March 1st, 2027 at 9:00:00 AM'],
    ['{date_short}', 'Pacific/Pago_Pago', 'Feb 28, 2027'],
    ['asked {ago}', 'Europe/London', 'asked 3 hours ago'],
  ])('%s in %s', (format, timeZone, text) => {
    expect(shown(format, timeZone)).toBe(text);
  });

  it('says yesterday and tomorrow by the reader’s calendar', () => {
    const lateOnTheFirst = new Date(Date.UTC(2027, 2, 1, 16)); // already 2 Mar 01:00 in Tokyo
    expect(shown('{date_pretty}', 'Europe/London', lateOnTheFirst)).toBe('today');
    expect(shown('{date_pretty}', 'Asia/Tokyo', lateOnTheFirst)).toBe('yesterday');
    expect(shown('{date_long_pretty}', 'Asia/Tokyo', new Date(Date.UTC(2027, 1, 28, 3)))).toBe('tomorrow');
  });

  it('shows the fallback without a reader’s zone or with a token it does not know, and keeps it as the tooltip', () => {
    expect(shown('{date_num}', undefined)).toBe('2027-03-01 09:00 UTC');
    expect(shown('{weekday}', 'Asia/Kolkata')).toBe('2027-03-01 09:00 UTC');
    expect(mrkdwnToHtml(token('{date_num}'), { timeZone: 'UTC' })).toBe(
      '<span class="mk-date" title="2027-03-01 09:00 UTC">2027-03-01</span>',
    );
  });
});

describe('every shortcode the app writes renders in the sandbox', () => {
  it('knows each :name: used in src/', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const path = await import('node:path');
    const { EMOJI } = await import('../../src/sandbox/page/mrkdwn.js');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = path.join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(path.resolve(import.meta.dirname, '../../src'));
    const used = new Set<string>();
    for (const f of files)
      for (const m of readFileSync(f, 'utf8').matchAll(/`[^`]*`|'[^']*'/g))
        for (const e of m[0].matchAll(/:([a-z][a-z0-9_+-]*):/g)) used.add(e[1]!);
    // Not emoji: a time's minutes (":00:"), SQLite's ":memory:" and the dispatch keys of views
    // ("view:view_submission:<callback_id>").
    for (const word of ['memory', 'view_submission', 'view_closed']) used.delete(word);
    expect([...used].filter((name) => !(name in EMOJI))).toEqual([]);
  });
});
