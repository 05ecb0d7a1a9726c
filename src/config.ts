import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';

/**
 * Every setting Lifering reads, validated once at start-up. Each entry carries the hint a person
 * needs to fix it, so a bad deployment fails with one message listing every problem.
 */
const hints: Record<string, string> = {
  SLACK_BOT_TOKEN:
    "the bot token (xoxb-…) from your Slack app's OAuth & Permissions page, for one workspace; or set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET instead to install through OAuth in many workspaces",
  SLACK_CLIENT_ID: "the Client ID from your Slack app's Basic Information page (OAuth mode, with SLACK_CLIENT_SECRET)",
  SLACK_CLIENT_SECRET:
    "the Client Secret from your Slack app's Basic Information page (OAuth mode, with SLACK_CLIENT_ID)",
  SLACK_REDIRECT_URI:
    'the https URL of /slack/oauth_redirect as listed in your manifest under oauth_config.redirect_urls, or leave unset',
  LIFERING_ENCRYPTION_KEY:
    'a 32-byte key as 64 hex characters or 44 base64 characters (make one with: openssl rand -base64 32); required in OAuth mode, where it encrypts the stored Slack tokens. A comma-separated list decrypts with every key and encrypts with the first',
  DATA_RETENTION_DAYS:
    'a whole number of days from 0 to 3650: how long a workspace’s data is kept after the app is uninstalled',
  GUEST_POLICY:
    'one of "keep" (people turned into guests keep their mentorships) or "end" (treated like people who left)',
  SLACK_SIGNING_SECRET: "the signing secret from your Slack app's Basic Information page (needed in HTTP mode)",
  SLACK_APP_TOKEN:
    'an app-level token (xapp-…) with connections:write, from Basic Information > App-Level Tokens; set it only for Socket Mode',
  SLACK_API_URL: 'an http(s) URL ending in /api/, e.g. https://slack.com/api/ (leave unset for Slack itself)',
  PORT: 'a whole number from 1 to 65535 (0 picks any free port)',
  DATABASE_URL: 'a PostgreSQL URL such as postgres://user:pass@host:5432/lifering, or leave unset for SQLite',
  DATA_DIR: 'a folder Lifering may write its SQLite file to',
  ADMIN_USER_IDS:
    'a comma-separated list of Slack user ids such as U012ABCDEF,U034GHIJKL (with a bot token, one workspace); in OAuth mode (SLACK_CLIENT_ID) write each as TEAM:USER, such as T012ABCDEF:U012ABCDEF, so a person is an admin of that workspace only',
  FEEDBACK_INTERVAL_DAYS: 'a whole number of days from 1 to 365',
  REMIND_BEFORE_DAYS: 'a whole number of days from 0 to 30',
  REMINDER_REPEAT_DAYS: 'a whole number of days from 1 to 90',
  ESCALATE_AFTER_DAYS: 'a whole number of days from 1 to 365',
  ASSISTANCE_ESCALATE_HOURS: 'a whole number of hours from 1 to 720',
  MAX_MENTEES_PER_SUPPORTER: 'a whole number from 1 to 1000',
  SILENT_AFTER_WEEKS: 'a whole number of weeks from 0 to 52 (0 turns the silent-partner notices off)',
  SILENT_ESCALATE_WEEKS: 'a whole number of weeks from 1 to 26',
  REMINDER_CRON: 'a cron expression such as "0 * * * *" (hourly), or "off" to run reminders from an external scheduler',
  PEOPLE_CACHE_MINUTES: 'a whole number of minutes from 1 to 10080',
  LOG_LEVEL: 'one of debug, info, warn, error',
  LOG_FORMAT:
    'json (one JSON object a line, for log collectors) or pretty (readable lines; needs the pino-pretty development dependency)',
  SHUTDOWN_GRACE_SECONDS:
    'a whole number of seconds from 0 to 600: how long a stopping instance waits for the work it acknowledged',
  METRICS_TOKEN:
    'a secret of at least 16 characters without spaces (make one with: openssl rand -hex 32); Prometheus sends it as "Authorization: Bearer <token>" to /metrics. Leave unset to keep /metrics off on the app\'s port',
  METRICS_PORT:
    'a whole number from 0 to 65535, not PORT: the port of a separate server that answers /metrics only, for a private network. Leave unset to keep it off',
};

/** Never echoed back in an error message: start-up output often ends up in shared logs. */
const SECRETS = new Set([
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'DATABASE_URL',
  'SLACK_CLIENT_SECRET',
  'LIFERING_ENCRYPTION_KEY',
  'METRICS_TOKEN',
]);

const whole = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const schema = z.object({
  SLACK_BOT_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^xox[bp]-\S+$/)
      .optional(),
  ),
  SLACK_CLIENT_ID: optionalText.pipe(
    z
      .string()
      .regex(/^\d+\.\d+$/)
      .optional(),
  ),
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_REDIRECT_URI: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  LIFERING_ENCRYPTION_KEY: optionalText,
  DATA_RETENTION_DAYS: whole(0, 3650, 30),
  GUEST_POLICY: z.enum(['keep', 'end']).default('keep'),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^xapp-\S+$/)
      .optional(),
  ),
  SLACK_API_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  PORT: whole(0, 65535, 3000),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//)
      .optional(),
  ),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  ADMIN_USER_IDS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^(?:[TE][A-Z0-9]{2,}:)?[UW][A-Z0-9]{2,}$/))),
  FEEDBACK_INTERVAL_DAYS: whole(1, 365, 30),
  REMIND_BEFORE_DAYS: whole(0, 30, 3),
  REMINDER_REPEAT_DAYS: whole(1, 90, 7),
  ESCALATE_AFTER_DAYS: whole(1, 365, 14),
  ASSISTANCE_ESCALATE_HOURS: whole(1, 720, 48),
  MAX_MENTEES_PER_SUPPORTER: whole(1, 1000, 5),
  SILENT_AFTER_WEEKS: whole(0, 52, 6),
  SILENT_ESCALATE_WEEKS: whole(1, 26, 2),
  REMINDER_CRON: z.string().trim().default('0 * * * *'),
  PEOPLE_CACHE_MINUTES: whole(1, 10080, 60),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  SHUTDOWN_GRACE_SECONDS: whole(0, 600, 10),
  METRICS_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^\S{16,}$/)
      .optional(),
  ),
  METRICS_PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/)
      .transform(Number)
      .pipe(z.number().max(65535))
      .optional(),
  ),
});

export type Env = z.infer<typeof schema>;

/** OAuth mode: installs come through /slack/install and tokens live (encrypted) in the database. */
export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  redirectUri?: string;
  /** AES-256 keys; the first encrypts, every one is tried to decrypt (so a key can be rotated). */
  encryptionKeys: readonly Buffer[];
}

export interface Config {
  /** `botToken` in single-workspace mode; `oauth` in OAuth mode. Exactly one is set. */
  slack: { botToken?: string; oauth?: OAuthConfig; signingSecret: string; appToken?: string; apiUrl?: string };
  mode: 'socket' | 'http';
  port: number;
  database: { url?: string; dataDir: string };
  /**
   * ADMIN_USER_IDS: with a bot token, ids of admins of the one workspace; in OAuth mode, admins
   * each of one workspace (a TEAM:USER entry), so naming someone never makes them an admin of
   * every workspace that installs the app.
   */
  adminUserIds: readonly string[];
  teamAdminIds: readonly { teamId: string; userId: string }[];
  feedback: {
    intervalDays: number;
    remindBeforeDays: number;
    repeatDays: number;
    escalateAfterDays: number;
    helpEscalateHours: number;
  };
  maxMenteesPerSupporter: number;
  /**
   * Silent partners: a mentorship with no report and no check-in for `afterWeeks` (0: never) is
   * flagged to both sides; admins hear `escalateWeeks` after that if nothing changed.
   */
  silence: { afterWeeks: number; escalateWeeks: number };
  reminderCron?: string;
  peopleCacheMinutes: number;
  logLevel: Env['LOG_LEVEL'];
  /** JSON lines in production; `npm run start:dev` asks for pretty ones. */
  logFormat: Env['LOG_FORMAT'];
  /**
   * On SIGTERM, how long the instance waits for what it acknowledged (follow-up DMs, a sweep
   * stopping at its next safe point) before it exits anyway, non-zero. Orchestrators kill a
   * process some time after SIGTERM (Kubernetes: 30 s by default); keep this below that.
   */
  shutdownGraceSeconds: number;
  /** Days a workspace's data is kept after uninstall or token revocation, then purged by the sweep. */
  dataRetentionDays: number;
  /** What happens to the mentorships of someone made a guest: kept, or ended as for someone who left. */
  guestPolicy: Env['GUEST_POLICY'];
  /**
   * Prometheus metrics at /metrics, absent (off) unless a token or a port is set. With `port`
   * they are served there only, on a server of their own; otherwise on the app's port. When
   * `token` is set a scrape must carry it as a bearer token, wherever it is served.
   */
  metrics?: { token?: string; port?: number };
}

/** Parses LIFERING_ENCRYPTION_KEY: one or more 32-byte keys, hex or base64, comma-separated. */
export function parseEncryptionKeys(value: string): Buffer[] | undefined {
  const keys = value.split(',').map((part) => {
    const v = part.trim();
    if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
    if (/^[A-Za-z0-9+/]{43}=$/.test(v)) return Buffer.from(v, 'base64');
    return undefined;
  });
  return keys.length > 0 && keys.every((k) => k?.length === 32) ? (keys as Buffer[]) : undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Lifering cannot start: ${problems.length === 1 ? 'one setting needs' : `${problems.length} settings need`} attention.\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nSet them in the environment or in a .env file; .env.example documents every setting.',
    );
    this.name = 'ConfigError';
  }
}

/**
 * ADMIN_USER_IDS entries in the wrong form for the mode: a bare id in OAuth mode would make that
 * person an admin of every workspace that installs the app; a TEAM:USER entry with a bot token
 * names a workspace this deployment does not choose.
 */
function adminIdsProblem(value: string, oauth: boolean): string | undefined {
  const entries = value.split(',').map((entry) => entry.trim());
  const wrong = entries.filter(Boolean).filter((entry) => entry.includes(':') !== oauth);
  if (wrong.length === 0) return undefined;
  const listed = wrong.map((entry) => `"${entry}"`).join(', ');
  return oauth
    ? `ADMIN_USER_IDS has ${listed} without a workspace: in OAuth mode (SLACK_CLIENT_ID) write each admin as TEAM:USER, such as T012ABCDEF:U012ABCDEF, so they are an admin of that workspace only.`
    : `ADMIN_USER_IDS has ${listed} with a workspace: with SLACK_BOT_TOKEN (one workspace) write bare user ids such as U012ABCDEF,U034GHIJKL.`;
}

/** The Slack part of the settings, from values already checked. */
function slackSettings(e: Env): Config['slack'] {
  return {
    ...(e.SLACK_BOT_TOKEN ? { botToken: e.SLACK_BOT_TOKEN } : {}),
    ...(e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET
      ? {
          oauth: {
            clientId: e.SLACK_CLIENT_ID,
            clientSecret: e.SLACK_CLIENT_SECRET,
            ...(e.SLACK_REDIRECT_URI ? { redirectUri: e.SLACK_REDIRECT_URI } : {}),
            encryptionKeys: parseEncryptionKeys(e.LIFERING_ENCRYPTION_KEY ?? '') ?? [],
          },
        }
      : {}),
    signingSecret: e.SLACK_SIGNING_SECRET ?? '',
    ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
    ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/` } : {}),
  };
}

/** Settings whose values pass their schema but not as written with the others: a short cron, a port taken twice. */
function formProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const cron = env.REMINDER_CRON?.trim();
  if (cron && cron !== 'off' && cron.split(/\s+/).length < 5) problems.push('REMINDER_CRON');
  // Two servers cannot share a port; 0 (any free one) never clashes.
  const metricsPort = env.METRICS_PORT?.trim();
  if (metricsPort && metricsPort !== '0' && Number(metricsPort) === Number(env.PORT?.trim() || 3000))
    problems.push('METRICS_PORT');
  return problems;
}

/** Reads and validates settings. Throws ConfigError (never a zod stack) when anything is off. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  const bad = new Set<string>(parsed.success ? [] : parsed.error.issues.map((i) => String(i.path[0] ?? 'settings')));
  const blank = (key: string) => !env[key]?.trim();
  // HTTP mode verifies every request with the signing secret; Socket Mode has no requests to verify.
  if (blank('SLACK_APP_TOKEN') && blank('SLACK_SIGNING_SECRET')) bad.add('SLACK_SIGNING_SECRET');
  // Two modes: a bot token (one workspace) or OAuth client credentials (many). Never both, so a
  // deployment cannot half-switch and serve one workspace with a token meant for another.
  const oauth = !blank('SLACK_CLIENT_ID') || !blank('SLACK_CLIENT_SECRET');
  if (oauth) {
    if (blank('SLACK_CLIENT_ID')) bad.add('SLACK_CLIENT_ID');
    if (blank('SLACK_CLIENT_SECRET')) bad.add('SLACK_CLIENT_SECRET');
    if (blank('LIFERING_ENCRYPTION_KEY') || !parseEncryptionKeys(env.LIFERING_ENCRYPTION_KEY ?? ''))
      bad.add('LIFERING_ENCRYPTION_KEY');
  } else if (blank('SLACK_BOT_TOKEN')) bad.add('SLACK_BOT_TOKEN');
  const both = oauth && !blank('SLACK_BOT_TOKEN');
  const adminForm = adminIdsProblem(env.ADMIN_USER_IDS ?? '', oauth);
  for (const key of formProblems(env)) bad.add(key);
  if (!parsed.success || bad.size > 0 || both || adminForm) {
    throw new ConfigError([
      ...(adminForm ? [adminForm] : []),
      ...(both
        ? [
            'SLACK_BOT_TOKEN and SLACK_CLIENT_ID/SLACK_CLIENT_SECRET are both set: unset SLACK_BOT_TOKEN to install through OAuth in many workspaces, or unset the client id and secret to serve the one workspace of that bot token.',
          ]
        : []),
      ...[...bad].map((key) => {
        const shown = SECRETS.has(key) ? 'value hidden' : `got "${env[key]}"`;
        const state = blank(key) ? 'is missing' : `is not valid (${shown})`;
        return `${key} ${state}: set it to ${hints[key] ?? 'a valid value'}.`;
      }),
    ]);
  }
  const e = parsed.data;
  return {
    slack: slackSettings(e),
    mode: e.SLACK_APP_TOKEN ? 'socket' : 'http',
    port: e.PORT,
    database: { ...(e.DATABASE_URL ? { url: e.DATABASE_URL } : {}), dataDir: e.DATA_DIR },
    adminUserIds: oauth ? [] : e.ADMIN_USER_IDS,
    teamAdminIds: oauth
      ? e.ADMIN_USER_IDS.map((entry) => {
          const [teamId = '', userId = ''] = entry.split(':');
          return { teamId, userId };
        })
      : [],
    feedback: {
      intervalDays: e.FEEDBACK_INTERVAL_DAYS,
      remindBeforeDays: e.REMIND_BEFORE_DAYS,
      repeatDays: e.REMINDER_REPEAT_DAYS,
      escalateAfterDays: e.ESCALATE_AFTER_DAYS,
      helpEscalateHours: e.ASSISTANCE_ESCALATE_HOURS,
    },
    maxMenteesPerSupporter: e.MAX_MENTEES_PER_SUPPORTER,
    silence: { afterWeeks: e.SILENT_AFTER_WEEKS, escalateWeeks: e.SILENT_ESCALATE_WEEKS },
    ...(e.REMINDER_CRON === 'off' ? {} : { reminderCron: e.REMINDER_CRON }),
    peopleCacheMinutes: e.PEOPLE_CACHE_MINUTES,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    dataRetentionDays: e.DATA_RETENTION_DAYS,
    guestPolicy: e.GUEST_POLICY,
    ...metricsConfig(e),
  };
}

function metricsConfig(e: Env): Pick<Config, 'metrics'> {
  if (e.METRICS_TOKEN === undefined && e.METRICS_PORT === undefined) return {};
  return {
    metrics: {
      ...(e.METRICS_TOKEN ? { token: e.METRICS_TOKEN } : {}),
      ...(e.METRICS_PORT !== undefined ? { port: e.METRICS_PORT } : {}),
    },
  };
}

/** The process environment, with a .env file (if present) filling in what the environment leaves unset. */
export function readEnvironment(
  env: Record<string, string | undefined> = process.env,
  envFile = '.env',
): Record<string, string | undefined> {
  if (!existsSync(envFile)) return { ...env };
  const fromFile = parseEnv(readFileSync(envFile, 'utf8'));
  return { ...fromFile, ...env };
}
