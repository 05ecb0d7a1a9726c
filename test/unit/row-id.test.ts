import { describe, expect, it } from 'vitest';
import { rowId } from '../../src/slack/ids.ts';
import { textOf } from '../../src/slack/view-state.ts';

describe('values that come back from Slack', () => {
  it.each([
    ['42', 42],
    ['1', 1],
    ['2147483647', 2147483647],
    ['2147483648', 0],
    ['0', 0],
    ['007', 0],
    ['1.5', 0],
    ['-3', 0],
    ['abc', 0],
    ['', 0],
    [undefined, 0],
    ['S<https://evil.example|x>S', 0],
  ])('row id of %s is %s', (value, id) => {
    expect(rowId(value)).toBe(id);
  });

  it('drops NUL characters from typed text, which PostgreSQL cannot store', () => {
    const values = { b: { a: { type: 'plain_text_input', value: ' \u0000Data\u0000 ' } }, e: { a: { type: 'plain_text_input', value: '\u0000\u0007' } } };
    expect(textOf(values, 'b', 'a')).toBe('Data');
    expect(textOf(values, 'e', 'a')).toBe('\u0007');
  });
});
