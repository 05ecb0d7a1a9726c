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
    ['<https://example.com|the *site*>', '<a href="https://example.com" target="_blank" rel="noopener noreferrer">the *site*</a>'],
    ['<javascript:alert(1)|x>', '&lt;javascript:alert(1)|x&gt;'],
    ['<@U0MEI> and <@U0XX|sam>', '<span class="mention" data-user="U0MEI">@Mei Tanaka</span> and <span class="mention" data-user="U0XX">@sam</span>'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [':ring_buoy: :wave: :scales: :nope:', '<span class="emoji" title=":ring_buoy:">🛟</span> <span class="emoji" title=":wave:">👋</span> <span class="emoji" title=":scales:">⚖️</span> <span class="emoji-unknown">:nope:</span>'],
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
