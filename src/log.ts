import { createRequire } from 'node:module';
import type { Logger, LogLevel } from '@slack/bolt';
import { type DestinationStream, pino } from 'pino';
import { workFields } from './observability/context.ts';
import { type FieldValue, LogFields } from './observability/fields.ts';

export { fields, LogFields } from './observability/fields.ts';

/**
 * What people wrote (notes, reports, goals) never reaches the logs, at any level. The Slack
 * libraries log whole requests and payloads at debug: web-api's "http request body: {...}" and
 * "http request result: {...}", Socket Mode's "Received a message on the WebSocket: {...}", Bolt's
 * developer-mode body. So a JSON dump is cut from its first brace or bracket on, and an object
 * passed to the logger is never serialised: only an Error (its type, message, code and stack, each
 * cut the same way) and the LogFields our own code makes from ids, counts and durations.
 */
const JSON_DUMP = /[{[](?=\s*["{[\]}])[\s\S]*$/;
export const withoutPayloads = (text: string): string => text.replace(JSON_DUMP, '[payload not logged]');

/** `json`: one JSON object a line, for machines; `pretty`: coloured lines for a person (pino-pretty, a dev dependency). */
export type LogFormat = 'json' | 'pretty';

export interface LogOptions {
  format?: LogFormat;
  /** Where each JSON line goes (without its newline) instead of stderr: tests read them. */
  write?: (line: string) => void;
}

/**
 * The app's logger, with Bolt's Logger interface since Bolt, web-api and Lifering all call it that
 * way: `logger.warn('text', error)`. Each entry is one JSON line on stderr (stdout stays for what
 * the command-line tools print as their result), with level, time and msg, and the current
 * request's or sweep run's ids (src/observability/context.ts) on every line.
 */
export function createLogger(level: `${LogLevel}` = 'info', options: LogOptions = {}): Logger {
  const pretty = options.format === 'pretty' && !options.write ? prettyStream() : undefined;
  const base = pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: workFields,
      // entry() has already made the Error plain; pino's serializer would call it an Object.
      serializers: { err: (e: unknown) => e },
    },
    pretty ?? destination(options.write),
  );
  if (options.format === 'pretty' && !pretty && !options.write)
    base.warn('LOG_FORMAT=pretty needs pino-pretty, a development dependency; writing JSON lines instead');
  const log =
    (at: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      if (!base.isLevelEnabled(at)) return;
      const { text, extra } = entry(msg);
      base[at](extra, text);
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    setLevel: (l: LogLevel) => {
      base.level = l;
    },
    getLevel: () => base.level as LogLevel,
    // One logger serves the whole app: a library naming it (@slack/oauth does) would rename every line.
    setName: () => undefined,
  };
}

function destination(write: LogOptions['write']): DestinationStream {
  // Synchronous: a line is written when logged, so none is lost when the process exits or crashes.
  if (!write) return pino.destination({ dest: 2, sync: true });
  return { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) };
}

/** pino-pretty when it is installed (development), loaded only when asked for so production never needs it. */
function prettyStream(): DestinationStream | undefined {
  try {
    const build = createRequire(import.meta.url)('pino-pretty') as (o: object) => DestinationStream;
    return build({
      destination: 2,
      sync: true,
      colorize: process.stderr.isTTY,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      singleLine: true,
    });
  } catch {
    return undefined;
  }
}

interface ErrorFields {
  type: string;
  message: string;
  code?: string;
  stack?: string;
}

/** A line's message and fields from what the caller passed: text, Errors and LogFields only. */
function entry(msg: unknown[]): { text: string; extra: Record<string, FieldValue | ErrorFields> } {
  const words: string[] = [];
  const extra: Record<string, FieldValue | ErrorFields> = {};
  let err: ErrorFields | undefined;
  for (const m of msg) {
    if (m instanceof LogFields) {
      for (const [k, v] of Object.entries(m.values)) extra[k] = typeof v === 'string' ? withoutPayloads(v) : v;
    } else if (m instanceof Error) {
      if (err) words.push(withoutPayloads(`${m.name}: ${m.message}`));
      else err = errorFields(m);
    } else if (typeof m === 'string' || typeof m === 'number') {
      words.push(withoutPayloads(String(m)));
    } else {
      words.push('[object not logged]');
    }
  }
  if (err) extra.err = err;
  return { text: words.length > 0 ? words.join(' ') : (err?.message ?? ''), extra };
}

function errorFields(e: Error): ErrorFields {
  const code = (e as { code?: unknown }).code;
  return {
    type: e.name,
    message: withoutPayloads(e.message),
    ...(typeof code === 'string' ? { code } : {}),
    ...(e.stack ? { stack: withoutPayloads(e.stack) } : {}),
  };
}
