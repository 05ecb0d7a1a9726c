import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config.ts';

// No Docker engine runs where the tests do, so the image itself is built only where one does
// (.ci/run builds it when `docker info` answers). These tests hold the files to what the
// production build and the several-instance set-up need.
const root = path.resolve(import.meta.dirname, '../..');
const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .filter((line) => line.trim() && !line.trimStart().startsWith('#'));
const finalStage = instructions.slice(instructions.findLastIndex((l) => l.startsWith('FROM ')));

/** compose's ${VAR:?message} and ${VAR:-default}, filled the way a shell with `vars` set would. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(
    /\$\{(\w+)(?::([?-])([^}]*))?\}/g,
    (_m, name: string, kind?: string, rest?: string) => vars[name] ?? (kind === '-' ? (rest ?? '') : ''),
  );
}

describe('Dockerfile', () => {
  it('installs production dependencies only in the image it ships, and runs as a non-root user', () => {
    expect(dockerfile).toMatch(/RUN npm ci --omit=dev/);
    const user = finalStage.filter((l) => l.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER\s+(root|0)\b/);
  });

  it('runs the compiled entry point with node as npm start does, and checks health on /healthz', () => {
    const start = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } })
      .scripts.start;
    expect(start).toMatch(/^node (--\S+ )*dist\/main\.js$/);
    expect(finalStage.find((l) => l.startsWith('CMD '))).toBe(
      `CMD ${JSON.stringify(start.split(' ')).replaceAll(',', ', ')}`,
    );
    expect(finalStage.find((l) => l.startsWith('HEALTHCHECK '))).toContain('/healthz');
  });

  it('is multi-stage, and everything it copies from the build context exists', () => {
    expect(instructions.filter((l) => l.startsWith('FROM ')).length).toBeGreaterThan(1);
    const copied = instructions
      .filter((l) => l.startsWith('COPY ') && !l.includes('--from='))
      .flatMap((l) => l.split(/\s+/).slice(1, -1));
    expect(copied.length).toBeGreaterThan(0);
    for (const file of copied) expect(existsSync(path.join(root, file)), file).toBe(true);
    expect(dockerfile).toContain('npm run build');
  });
});

describe('compose.yaml', () => {
  const compose = parse(readFileSync(path.join(root, 'compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<
      string,
      { build?: string; image?: string; environment?: Record<string, string>; depends_on?: Record<string, unknown> }
    >;
  };
  const apps = Object.entries(compose.services).filter(([, s]) => s.build === '.');
  const postgres = Object.entries(compose.services).find(([, s]) => s.image?.startsWith('postgres'));

  it('runs two instances of the app image on one PostgreSQL service', () => {
    expect(apps.length).toBe(2);
    expect(postgres).toBeDefined();
    for (const [, app] of apps) {
      expect(new URL(app.environment?.DATABASE_URL ?? '').hostname).toBe(postgres?.[0]);
      expect(Object.keys(app.depends_on ?? {})).toContain(postgres?.[0]);
    }
  });

  it("gives each instance settings Lifering's config accepts, in HTTP mode on PostgreSQL", () => {
    for (const [, app] of apps) {
      const env = Object.fromEntries(
        Object.entries(app.environment ?? {}).map(([k, v]) => [
          k,
          interpolate(String(v), { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' }),
        ]),
      );
      const config = loadConfig(env);
      expect(config.mode).toBe('http');
      expect(config.database.url).toMatch(/^postgres:\/\//);
    }
  });
});

describe('README', () => {
  // Issue 22: the README said org-wide Enterprise Grid installs work while no manifest enabled them.
  it('offers org-wide (Enterprise Grid) installs only when a manifest enables them', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const enabled = ['manifest.yml', 'manifest.distribution.yml'].some(
      (file) =>
        (parse(readFileSync(path.join(root, file), 'utf8')) as { settings: { org_deploy_enabled?: boolean } }).settings
          .org_deploy_enabled === true,
    );
    const claims = /for org-wide installs/i.test(readme);
    expect(claims && !enabled).toBe(false);
  });
});
