import { describe, expect, it } from 'vitest';
import { within } from '../src/deadline.ts';
import { createLogger, withoutPayloads } from '../src/log.ts';

describe('logs never carry what people wrote', () => {
  it.each([
    ['http request body: {"channel":"U1","text":"my private note"}', 'http request body: [payload not logged]'],
    ['http request result: {"ok":true,"message":{"text":"x"}}', 'http request result: [payload not logged]'],
    [
      'Received a message on the WebSocket: {"envelope_id":"1","payload":{}}',
      'Received a message on the WebSocket: [payload not logged]',
    ],
    ['{"type":"view_submission","view":{}}', '[payload not logged]'],
    ['[{"type":"section"}]', '[payload not logged]'],
    ["apiCall('chat.postMessage') start", "apiCall('chat.postMessage') start"],
    [
      'reminder to U1 failed (ratelimited); will retry on the next run',
      'reminder to U1 failed (ratelimited); will retry on the next run',
    ],
  ])('%j is logged as %j', (line, expected) => {
    expect(withoutPayloads(line)).toBe(expected);
  });

  it('never serialises an object given to the logger', () => {
    const lines: string[] = [];
    const logger = createLogger('debug', 'lifering', (line) => lines.push(line) > 0);
    logger.debug('view state', { note: 'my private note' });
    logger.warn('failed', new Error('invalid_blocks'));
    expect(lines[0]).toBe('[DEBUG] lifering view state [object not logged]');
    expect(lines[1]).toMatch(/^\[WARN\] lifering failed Error: invalid_blocks/);
  });
});

describe('a wait with a deadline', () => {
  it('gives the result when it comes in time, the fallback when it does not, and passes rejections on', async () => {
    expect(await within(Promise.resolve(1), 1000, 'late')).toBe(1);
    expect(await within(new Promise(() => undefined), 10, 'late')).toBe('late');
    await expect(within(Promise.reject(new Error('down')), 1000, 'late')).rejects.toThrow('down');
  });
});
