import { describe, expect, it } from 'vitest';
import { afterWords } from '../../src/slack/command-router.ts';
import { parseMention, tokenize } from '../../src/slack/mentions.ts';
import { editDistance } from '../../src/slack/nearest.ts';

describe('command text', () => {
  it('parses both mention forms Slack sends, and nothing else', () => {
    expect(parseMention('<@U123ABC|sam>')).toBe('U123ABC');
    expect(parseMention('<@U123ABC>')).toBe('U123ABC');
    expect(parseMention('<@W0ENTERPRISE|sam smith>')).toBe('W0ENTERPRISE');
    expect(parseMention('@sam')).toBeUndefined();
    expect(parseMention('<#C123|general>')).toBeUndefined();
    expect(parseMention('<@u123>')).toBeUndefined();
  });

  it('keeps a mention with spaces in its label as one word, and quoted phrases together', () => {
    expect(tokenize('assign <@U1|sam smith> <@U2>  "Data analysis" as coach')).toEqual([
      'assign',
      '<@U1|sam smith>',
      '<@U2>',
      'Data analysis',
      'as',
      'coach',
    ]);
    expect(tokenize('   ')).toEqual([]);
  });

  it('returns the text after the subcommand exactly as typed', () => {
    expect(afterWords('request  Data analysis "please"', 1)).toBe('Data analysis "please"');
    expect(afterWords('admin add <@U1|a b>', 2)).toBe('<@U1|a b>');
    expect(afterWords('list', 3)).toBe('');
  });

  it('measures edit distance', () => {
    expect(editDistance('lsit', 'list')).toBe(2);
    expect(editDistance('asign', 'assign')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
