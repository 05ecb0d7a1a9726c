import { describe, expect, it } from 'vitest';
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
  ])('quoted: %j has every line quoted as %j', (text, expected) => {
    expect(quotedText(text)).toBe(expected);
  });
});
