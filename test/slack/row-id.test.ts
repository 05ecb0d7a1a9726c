import { describe, expect, it } from 'vitest';
import { rowId } from '../../src/slack/ids.ts';

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
});
