import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres, openTestDatabase } from '../../../test/db.ts';
import { createPgDatabase } from '../../../test/pg-database.ts';
import { createContextAndApp } from '../../main.ts';
import { type Database, openDatabase } from './connect.ts';
import { MigrationError, migrate, pendingMigrations, readMigrations } from './migrate.ts';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

describe('migrations', () => {
  it('are all applied to a fresh database and are a no-op the second time', async () => {
    expect(await pendingMigrations(db)).toEqual([]);
    expect(await migrate(db)).toEqual([]);
  });

  // Each instance has its own connection pool, as separate app processes would, on a database nobody migrated yet.
  it.runIf(onPostgres)(
    'apply each migration exactly once when several instances start at once on an empty database',
    async () => {
      const created = await createPgDatabase(process.env.TEST_DATABASE_URL!);
      const instances = await Promise.all(
        Array.from({ length: 4 }, () => openDatabase({ databaseUrl: created.url, poolSize: 2 })),
      );
      try {
        const results = await Promise.all(instances.map((i) => migrate(i)));
        const all = readMigrations().map((m) => m.tag);
        // One instance did the work; the others waited for it and found nothing left to do.
        expect(results.filter((r) => r.length > 0)).toEqual([all]);
        expect(results.filter((r) => r.length === 0)).toHaveLength(instances.length - 1);
        const rows = await instances[0]!.query<{ tag: string; n: number }>(
          'SELECT tag, count(*)::int n FROM clinidesk_migrations GROUP BY tag ORDER BY tag',
        );
        expect(rows).toEqual(all.map((tag) => ({ tag, n: 1 })).sort((a, b) => a.tag.localeCompare(b.tag)));
        // The schema works from every instance.
        for (const i of instances) expect(await pendingMigrations(i)).toEqual([]);
        await instances[1]!.query(
          `INSERT INTO facilities (id, code, name, time_zone) VALUES (gen_random_uuid(), 'MIG', 'Migrated', 'UTC')`,
        );
        expect(await instances[2]!.query(`SELECT name FROM facilities WHERE code = 'MIG'`)).toEqual([
          { name: 'Migrated' },
        ]);
      } finally {
        for (const i of instances) await i.close();
        await created.drop();
      }
    },
  );

  // The embedded database cannot be shared by several processes at all: a second server is refused its data folder
  // before it opens or migrates anything.
  it.skipIf(onPostgres)(
    'refuse a second server on a data folder another live server holds (embedded database)',
    async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-lock-'));
      try {
        // The parent process stands in for the first server: alive, and not us.
        fs.writeFileSync(path.join(dataDir, 'clinidesk.pid'), String(process.ppid));
        await expect(createContextAndApp({ dataDir, seedDemo: false, logLevel: 'silent', env: {} })).rejects.toThrow(
          new RegExp(`pid ${process.ppid}\\).*holds its database`),
        );
        expect(fs.readdirSync(dataDir)).toEqual(['clinidesk.pid']);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );

  it('refuse to continue when an applied migration was edited', async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'changed' } : m));
    await expect(migrate(db, edited)).rejects.toBeInstanceOf(MigrationError);
  });

  it('apply a new migration exactly once', async () => {
    const extra = [
      ...readMigrations(),
      { tag: '9999_test_extra', checksum: 'x', statements: ['CREATE TABLE test_extra (id int)'] },
    ];
    expect(await pendingMigrations(db, extra)).toEqual(['9999_test_extra']);
    expect(await migrate(db, extra)).toEqual(['9999_test_extra']);
    expect(await migrate(db, extra)).toEqual([]);
  });
});
