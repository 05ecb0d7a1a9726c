import { LogLevel, type Logger } from '@slack/bolt';

const order: Record<string, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** One line per entry on stderr, in the format Bolt's own logs use, at a configured level. */
export function createLogger(level: `${LogLevel}` = 'info', name = 'lifering', write = (line: string) => process.stderr.write(`${line}\n`)): Logger {
  let current: string = level;
  let prefix = name;
  const log = (at: string) => (...msg: unknown[]) => {
    if ((order[at] ?? 0) < (order[current] ?? 0)) return;
    const text = msg
      .map((m) => (m instanceof Error ? (m.stack ?? m.message) : typeof m === 'string' ? m : JSON.stringify(m)))
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
