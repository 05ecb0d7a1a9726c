import type { Config } from '../../config.ts';
import type { Feature } from '../../features/feature.ts';
import { features as allFeatures } from '../../features/index.ts';
import { registrationsOf } from '../../mount.ts';
import { reinstallFrom } from '../../slack/reinstall.ts';
import { BOT_SCOPES } from '../../slack/scopes.ts';
import type { DatabaseOptions, Db } from '../../storage/db.ts';
import { checkDatabase } from './database.ts';
import { checkManifest, MANIFEST, type ManifestDeclares, readManifest } from './manifest.ts';
import { type CheckResult, failed } from './result.ts';
import { checkSettings, checkSigningSecret } from './settings.ts';
import { checkClock, checkScopes, checkToken, probeToken } from './slack.ts';
import { workspaceTokens } from './workspaces.ts';

export interface DoctorOptions {
  /** The settings, as the app reads them (environment and .env). */
  env: Record<string, string | undefined>;
  /** The features whose listeners the manifest must match (default: every feature the app mounts). */
  features?: readonly Feature[];
  /** The manifest to hold them to (default: manifest.yml). */
  manifest?: URL | string;
  /** The database (default: DATABASE_URL or DATA_DIR from `env`); tests pass their own. */
  database?: DatabaseOptions;
  /** The local clock compared with Slack's. */
  now?: () => Date;
}

/**
 * Every check of `npm run doctor`, in the order a person fixes things: settings, database,
 * manifest, then each workspace's token and scopes, and the clock. Starts nothing: no listener,
 * no sweep, no migration, no token refresh.
 */
export async function runDoctor(options: DoctorOptions): Promise<CheckResult[]> {
  const { env } = options;
  const settings = checkSettings(env);
  const results = [...settings.results, checkSigningSecret(env)];
  const url = env.DATABASE_URL?.trim() || undefined;
  const database = await checkDatabase(
    options.database ?? { ...(url ? { url } : {}), dataDir: env.DATA_DIR?.trim() || './data' },
  );
  results.push(database.result);
  try {
    const manifest = await readManifest(options.manifest ?? MANIFEST).catch((error: unknown) => {
      results.push(
        failed(
          `Manifest: cannot read it (${(error as Error).message})`,
          'run the doctor from a full checkout (npm ci)',
        ),
      );
      return undefined;
    });
    if (manifest) results.push(checkManifest(manifest, registrationsOf(options.features ?? allFeatures)));
    if (!settings.config)
      results.push(failed('Slack: tokens, scopes and clock not checked', 'fix the settings first (above)'));
    else results.push(...(await checkSlack(settings.config, database.db, manifest, options.now ?? (() => new Date()))));
  } finally {
    await database.db?.destroy();
  }
  return results;
}

/** Each workspace's token and scopes, then the clock against the first answer from Slack. */
async function checkSlack(
  config: Config,
  db: Db | undefined,
  manifest: ManifestDeclares | undefined,
  now: () => Date,
): Promise<CheckResult[]> {
  const listed = await workspaceTokens(config, db).catch((error: unknown) => ({
    tokens: [],
    problems: [failed(`Workspaces: cannot read the installs (${(error as Error).message})`, 'run npm run migrate')],
  }));
  const reinstall = config.slack.oauth
    ? reinstallFrom(config)
    : `${reinstallFrom(config)}, then put its Bot User OAuth Token in SLACK_BOT_TOKEN`;
  // The manifest's scopes; the code's copy (held equal to them by a test) when it could not be read.
  const wanted = manifest?.botScopes ?? [...BOT_SCOPES];
  const results = [...listed.problems];
  const probes = [];
  for (const { who, token } of listed.tokens) {
    const probe = await probeToken(token, who, {
      ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}),
      now,
    });
    probes.push(probe);
    results.push(checkToken(probe, reinstall));
    const scopes = checkScopes(probe, wanted, reinstallFrom(config));
    if (scopes) results.push(scopes);
  }
  if (listed.tokens.length > 0) results.push(checkClock(probes));
  return results;
}
