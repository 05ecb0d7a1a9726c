import Database from 'better-sqlite3';
import type { Db } from './db.ts';
import { isPostgres } from './db.ts';

/** A read the hot paths run often, written once with `?` placeholders. */
export interface PreparedRead {
  name: string;
  sql: string;
}

export interface PreparedReads {
  /** Rows of a read, by a statement prepared once per connection (PostgreSQL) or process (SQLite). */
  all<T>(read: PreparedRead, params: readonly unknown[]): Promise<T[]>;
  close(): void;
}

/**
 * Knex builds and prepares every statement anew, which profiles put at a fifth of a cheap request.
 * The few reads on the hot paths skip that: on PostgreSQL as named prepared statements on the
 * pool's connections; on SQLite through a second, read-only connection to the same file (WAL lets
 * it read while the main one writes, and it only ever sees committed data, never a transaction the
 * main connection has open). An in-memory SQLite database has no second connection: knex runs
 * those reads.
 */
export function preparedReads(db: Db): PreparedReads {
  if (isPostgres(db)) {
    const texts = new Map<string, string>();
    const pgText = (read: PreparedRead) => {
      let text = texts.get(read.name);
      if (!text) {
        let n = 0;
        text = read.sql.replace(/\?/g, () => `$${++n}`);
        texts.set(read.name, text);
      }
      return text;
    };
    type PgConnection = { query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }> };
    const client = db.client as {
      acquireConnection(): Promise<PgConnection>;
      releaseConnection(c: PgConnection): Promise<void>;
    };
    return {
      async all<T>(read: PreparedRead, params: readonly unknown[]) {
        const conn = await client.acquireConnection();
        try {
          return (await conn.query({ name: read.name, text: pgText(read), values: [...params] })).rows as T[];
        } finally {
          await client.releaseConnection(conn);
        }
      },
      close() {},
    };
  }
  const filename = (db.client.config.connection as { filename?: string } | undefined)?.filename;
  if (!filename || filename === ':memory:') {
    return {
      async all<T>(read: PreparedRead, params: readonly unknown[]) {
        return (await db.raw(read.sql, [...params] as never)) as T[];
      },
      close() {},
    };
  }
  let conn: Database.Database | undefined;
  const statements = new Map<string, Database.Statement>();
  return {
    async all<T>(read: PreparedRead, params: readonly unknown[]) {
      // The read connection lives and dies with knex's: a destroyed database reads nothing.
      if (!(db.client as { pool?: unknown }).pool)
        throw new Error('Unable to acquire a connection: the database is closed');
      conn ??= new Database(filename, { readonly: true, fileMustExist: true });
      let statement = statements.get(read.name);
      if (!statement) {
        statement = conn.prepare(read.sql);
        statements.set(read.name, statement);
      }
      return statement.all(...params) as T[];
    },
    close() {
      conn?.close();
      conn = undefined;
      statements.clear();
    },
  };
}
