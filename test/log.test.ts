import { describe, expect, it } from 'vitest';
import { within } from '../src/deadline.ts';
import { createLogger, fields, withoutPayloads } from '../src/log.ts';
import { inSweepRun } from '../src/observability/context.ts';

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

  it('writes JSON lines that never serialise an object given to the logger, only Errors and our own fields', () => {
    const lines: string[] = [];
    const logger = createLogger('debug', { write: (line) => lines.push(line) > 0 });
    logger.debug('view state', { note: 'my private note' });
    logger.warn('failed', new Error('invalid_blocks'));
    logger.error('posting failed', new Error('An API error occurred: {"text":"my private note"}'));
    logger.info('request handled', fields({ kind: 'action', ms: 12.5 }));
    const [objectLine, errorLine, payloadLine, fieldsLine] = lines.map((l) => JSON.parse(l));
    expect(objectLine).toMatchObject({ level: 'debug', msg: 'view state [object not logged]' });
    expect(objectLine.time).toEqual(expect.any(String));
    expect(errorLine).toMatchObject({
      level: 'warn',
      msg: 'failed',
      err: { type: 'Error', message: 'invalid_blocks' },
    });
    expect(errorLine.err.stack).toMatch(/^Error: invalid_blocks\n\s+at /);
    expect(payloadLine.err.message).toBe('An API error occurred: [payload not logged]');
    expect(fieldsLine).toMatchObject({ level: 'info', msg: 'request handled', kind: 'action', ms: 12.5 });
    expect(lines.join('\n')).not.toContain('my private note');
  });

  it('leaves out what is below the level, and follows setLevel', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line) => lines.push(line) > 0 });
    logger.debug('not written');
    logger.setLevel('debug' as never);
    logger.debug('written');
    expect(logger.getLevel()).toBe('debug');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['written']);
  });

  it('puts the sweep run id on every line the run writes, and nothing on lines outside it', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line) => lines.push(line) > 0 });
    await inSweepRun(async () => {
      logger.info('first');
      await new Promise((resolve) => setImmediate(resolve));
      logger.info('after a turn of the event loop');
    });
    logger.info('outside');
    const [first, later, outside] = lines.map((l) => JSON.parse(l));
    expect(first.sweep).toMatch(/^[0-9a-f-]{36}$/);
    expect(later.sweep).toBe(first.sweep);
    expect(outside.sweep).toBeUndefined();
  });
});

describe('a wait with a deadline', () => {
  it('gives the result when it comes in time, the fallback when it does not, and passes rejections on', async () => {
    expect(await within(Promise.resolve(1), 1000, 'late')).toBe(1);
    expect(await within(new Promise(() => undefined), 10, 'late')).toBe('late');
    await expect(within(Promise.reject(new Error('down')), 1000, 'late')).rejects.toThrow('down');
  });
});
