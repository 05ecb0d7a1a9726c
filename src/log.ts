import type { Logger, LogLevel } from '@slack/bolt';

const order: Record<string, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * What people wrote (notes, reports, goals) never reaches the logs, at any level. The Slack
 * libraries log whole requests and payloads at debug: web-api's "http request body: {...}" and
 * "http request result: {...}", Socket Mode's "Received a message on the WebSocket: {...}", Bolt's
 * developer-mode body. So a JSON dump is cut from its first brace or bracket on, and an object
 * passed to the logger is never serialised.
 */
const JSON_DUMP = /[{[](?=\s*["{[\]}])[\s\S]*$/;
export const withoutPayloads = (text: string): string => text.replace(JSON_DUMP, '[payload not logged]');

/** One line per entry on stderr, in the format Bolt's own logs use, at a configured level. */
export function createLogger(
  level: `${LogLevel}` = 'info',
  name = 'lifering',
  write = (line: string) => process.stderr.write(`${line}\n`),
): Logger {
  let current: string = level;
  let prefix = name;
  const log =
    (at: string) =>
    (...msg: unknown[]) => {
      if ((order[at] ?? 0) < (order[current] ?? 0)) return;
      const text = msg
        .map((m) =>
          m instanceof Error
            ? (m.stack ?? m.message)
            : typeof m === 'string' || typeof m === 'number'
              ? String(m)
              : '[object not logged]',
        )
        .map(withoutPayloads)
        .join(' ');
      write(`[${at.toUpperCase()}] ${prefix} ${text}`);
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    setLevel: (l: LogLevel) => {
      current = l;
    },
    getLevel: () => current as LogLevel,
    setName: (n: string) => {
      prefix = n;
    },
  };
}
