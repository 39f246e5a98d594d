// A bulk load (bulk-load-store.ts) on the database the suite runs on: the indexes come back as they were, foreign keys
// go unchecked only where the helper says so, and a load that fails leaves the tables as they were.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres, openTestDatabase } from '../../../test/db.ts';
import { type BulkLoadReport, loadInBulk } from './bulk-load-store.ts';
import { type Database, type Queryable, rowsOf, type Tx } from './connect.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase('empty');
  for (const statement of [
    'CREATE TABLE bulk_parent (id int PRIMARY KEY)',
    `CREATE TABLE bulk_child (
       id int PRIMARY KEY,
       parent_id int NOT NULL REFERENCES bulk_parent (id),
       code text UNIQUE,
       body text NOT NULL,
       at timestamptz NOT NULL
     )`,
    'CREATE INDEX bulk_child_at_idx ON bulk_child (parent_id, at DESC)',
    'CREATE INDEX bulk_child_body_trgm_idx ON bulk_child USING gin (body gin_trgm_ops) WITH (gin_pending_list_limit = 256)',
    'CREATE INDEX bulk_child_recent_idx ON bulk_child (at) WHERE code IS NULL',
    'INSERT INTO bulk_parent SELECT generate_series(1, 10)',
  ])
    await database.query(statement);
});
afterAll(() => database?.close());

/** bulk_child's indexes, read in `tx` when given (on a server another connection would wait for the load's locks). */
const indexes = async (tx: Queryable = database.db) =>
  rowsOf<{ name: string; definition: string }>(
    await tx.execute(sql`SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS definition
                           FROM pg_index WHERE indrelid = 'bulk_child'::regclass ORDER BY 1`),
  );
const children = async () => (await database.query<{ n: number }>('SELECT count(*)::int AS n FROM bulk_child'))[0]!.n;
const replicationRole = async (tx: Tx) =>
  rowsOf<{ r: string }>(await tx.execute(sql`SELECT current_setting('session_replication_role') AS r`))[0]!.r;
/** The database's own message for a statement that failed (Drizzle wraps it). */
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const err = e as Error & { cause?: Error };
    return `${err.message} ${err.cause?.message ?? ''}`;
  }
  throw new Error('expected the statement to fail');
}
const insertChildren = (from: number, to: number, parent: string) =>
  `INSERT INTO bulk_child SELECT i, ${parent}, NULL, 'row ' || i, now() FROM generate_series(${from}, ${to}) i`;

describe('a bulk load', () => {
  it('drops the secondary indexes for the load and builds the same ones again; constraint indexes stay', async () => {
    const before = await indexes();
    expect(before.map((i) => i.name)).toEqual([
      'bulk_child_at_idx',
      'bulk_child_body_trgm_idx',
      'bulk_child_code_key',
      'bulk_child_pkey',
      'bulk_child_recent_idx',
    ]);
    let during: string[] = [];
    const { report } = await database.db.transaction((tx) =>
      loadInBulk(tx, ['bulk_child'], async () => {
        await tx.execute(sql.raw(insertChildren(1, 500, '1 + i % 10')));
        during = (await indexes(tx)).map((i) => i.name);
      }),
    );
    expect(during).toEqual(['bulk_child_code_key', 'bulk_child_pkey']);
    expect(report.indexesRebuilt).toBe(3);
    expect(await indexes()).toEqual(before);
    expect(await children()).toBe(500);
    // The rebuilt indexes answer: a trigram search and the partial index's rows.
    const [hit] = await database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM bulk_child WHERE body LIKE '%row 49%'",
    );
    expect(hit!.n).toBe(11);
  });

  it('keeps unique keys checked: a duplicate fails the load', async () => {
    await expect(
      database.db.transaction((tx) =>
        loadInBulk(tx, ['bulk_child'], () => tx.execute(sql.raw(insertChildren(500, 501, '1')))),
      ),
    ).rejects.toThrow();
    expect(await children()).toBe(500);
  });

  it('leaves the tables as they were when the load fails', async () => {
    const before = await indexes();
    await expect(
      database.db.transaction((tx) =>
        loadInBulk(tx, ['bulk_child'], async () => {
          await tx.execute(sql.raw(insertChildren(1001, 1100, '1')));
          throw new Error('the load failed');
        }),
      ),
    ).rejects.toThrow('the load failed');
    expect(await indexes()).toEqual(before);
    expect(await children()).toBe(500);
  });

  it('leaves foreign keys to the caller while the load runs (a superuser session), and checks them after it', async () => {
    const rollBack = new Error('roll back');
    let report: BulkLoadReport | undefined;
    let roleDuring = '';
    let roleAfter = '';
    await expect(
      database.db.transaction(async (tx) => {
        ({ report } = await loadInBulk(tx, ['bulk_child'], async () => {
          await tx.execute(sql.raw(insertChildren(2001, 2001, '99'))); // there is no parent 99
          roleDuring = await replicationRole(tx);
        }));
        roleAfter = await replicationRole(tx);
        throw rollBack;
      }),
    ).rejects.toBe(rollBack);
    // The embedded database and the suite's PostgreSQL server both run as a superuser.
    expect(report?.foreignKeysUnchecked).toBe(true);
    expect([roleDuring, roleAfter]).toEqual(['replica', 'origin']);

    const late = database.db.transaction(async (tx) => {
      await loadInBulk(tx, ['bulk_child'], async () => {});
      await tx.execute(sql.raw(insertChildren(2002, 2002, '98')));
    });
    expect(await failure(late)).toMatch(/foreign key/);
    expect(await children()).toBe(500);
  });

  it('checks foreign keys when a table of the load has an INSERT trigger of its own', async () => {
    await database.query(
      'CREATE FUNCTION bulk_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.at := now(); RETURN NEW; END $$',
    );
    await database.query(
      'CREATE TRIGGER bulk_child_touch BEFORE INSERT ON bulk_child FOR EACH ROW EXECUTE FUNCTION bulk_touch()',
    );
    try {
      const { report } = await database.db.transaction((tx) => loadInBulk(tx, ['bulk_child'], async () => {}));
      expect(report.foreignKeysUnchecked).toBe(false);
      const load = database.db.transaction((tx) =>
        loadInBulk(tx, ['bulk_child'], () => tx.execute(sql.raw(insertChildren(3001, 3001, '97')))),
      );
      expect(await failure(load)).toMatch(/foreign key/);
    } finally {
      await database.query('DROP TRIGGER bulk_child_touch ON bulk_child');
      await database.query('DROP FUNCTION bulk_touch()');
    }
    expect(await children()).toBe(500);
  });

  it.runIf(onPostgres)('checks foreign keys in a session that is not a superuser', async () => {
    const role = `bulk_loader_${process.pid}`;
    await database.query(`CREATE ROLE ${role}`);
    await database.query(`GRANT ALL ON bulk_child, bulk_parent TO ${role}`);
    try {
      const load = database.db.transaction(async (tx) => {
        await tx.execute(sql.raw(`SET LOCAL ROLE ${role}`));
        // Not the tables' owner, so it may not drop their indexes either: the keys are what this shows.
        return loadInBulk(tx, [], () => tx.execute(sql.raw(insertChildren(4001, 4001, '96'))));
      });
      expect(await failure(load)).toMatch(/foreign key/);
    } finally {
      await database.query(`DROP OWNED BY ${role}`);
      await database.query(`DROP ROLE ${role}`);
    }
    expect(await children()).toBe(500);
  });
});
