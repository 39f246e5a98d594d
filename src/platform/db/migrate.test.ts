import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/db.ts';
import type { Database } from './connect.ts';
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

  it('run safely when several instances start at once', async () => {
    const results = await Promise.all([migrate(db), migrate(db), migrate(db)]);
    expect(results.flat()).toEqual([]);
  });

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
