import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/storage/db.ts';
import { openTestStorage, testDatabaseUrl } from '../support/storage.ts';

// Several instances share one PostgreSQL (compose.yaml starts two at once); SQLite is one instance.
describe.runIf(testDatabaseUrl)('migrations when several instances start at once (PostgreSQL)', () => {
  it('every instance starts: one migrates, the others wait for it and find nothing to do', async () => {
    const url = testDatabaseUrl as string;
    const schema = `lifering_test_${randomBytes(6).toString('hex')}`;
    const admin = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
    await admin.raw(`CREATE SCHEMA ${schema}`);
    const instances = [1, 2, 3].map(() => openDatabase({ url, dataDir: '.', schema }));
    try {
      const ran = await Promise.all(instances.map((db) => migrateToLatest(db)));
      const migrated = ran.filter((names) => names.length > 0);
      expect(migrated).toHaveLength(1);
      expect(ran.flat()).toEqual(migrated[0]);
      const rows = (await admin.withSchema(schema).table('knex_migrations').count({ n: '*' })) as { n: string }[];
      expect(Number(rows[0]?.n)).toBe(migrated[0]?.length);
    } finally {
      await Promise.all(instances.map((db) => db.destroy()));
      await admin.raw(`DROP SCHEMA ${schema} CASCADE`);
      await admin.destroy();
    }
  }, 60_000);
});

describe('an instance (re)starting after a newer release migrated (rolling deploy)', () => {
  it('starts, leaving the migrations it does not know of alone', async () => {
    const t = await openTestStorage();
    try {
      const { db } = t.storage;
      await db('knex_migrations').insert({
        name: '29991231000000_from_a_newer_release.ts',
        batch: 99,
        migration_time: new Date(),
      });
      await expect(migrateToLatest(db)).resolves.toEqual([]);
    } finally {
      await t.cleanup();
    }
  });
});
