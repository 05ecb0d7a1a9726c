import { describe, expect, it } from 'vitest';
import { option, plain } from '../../src/slack/blocks.ts';
import { inlineText, quotedText } from '../../src/slack/text.ts';

describe("someone's text in a message Lifering writes", () => {
  it.each([
    ['plain', 'plain'],
    ['two\nlines', 'two lines'],
    ['cr\r\nlf', 'cr lf'],
    ['old mac\rline', 'old mac line'],
    ['unicode\u2028line\u2029paragraph', 'unicode line paragraph'],
    ['next\u0085line, tab\vand form\ffeed', 'next line, tab and form feed'],
    ['<!channel> & <@U1>', '&lt;!channel&gt; &amp; &lt;@U1&gt;'],
    ['over\u202Eride, embed\u202Bding\u202C, pop\u202A\u202D', 'override, embedding, pop'],
    ['iso\u2066la\u2067ted\u2068 \u2069', 'isolated '],
    ['marks kept: \u200F\u200E\u061C', 'marks kept: \u200F\u200E\u061C'],
    ['right-to-left text kept: تحليل البيانات', 'right-to-left text kept: تحليل البيانات'],
  ])('inline: %j stays on one line as %j', (text, expected) => {
    expect(inlineText(text)).toBe(expected);
  });

  it('inline: cuts before escaping, so the cut never splits an escape', () => {
    expect(inlineText('abcdef<', 4)).toBe('abc…');
    expect(inlineText('a<b', 4)).toBe('a&lt;b');
  });

  it.each([
    ['one line', '>one line'],
    ['first\n*Lifering: you are removed*', '>first\n>*Lifering: you are removed*'],
    ['a\r\nb\rc\u2028d', '>a\n>b\n>c\n>d'],
    ['> already quoted', '>&gt; already quoted'],
    ['\n\nafter blank lines', '>\n>\n>after blank lines'],
    ['first\u202E\nsecond\u2067', '>first\n>second'],
  ])('quoted: %j has every line quoted as %j', (text, expected) => {
    expect(quotedText(text)).toBe(expected);
  });

  it('plain text (buttons, options, headers) has no direction control either: a name cannot reverse what follows it', () => {
    expect(plain('With @mia\u202Eevil (you support them)').text).toBe('With @miaevil (you support them)');
    expect(option('\u2067Ship it', 'v').text.text).toBe('Ship it');
  });
});
