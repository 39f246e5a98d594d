import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onPostgres, openTestDatabase } from '../../../test/db.ts';
import { loadConfig } from '../config.ts';
import { backup, restore } from './backup.ts';
import { openDatabase } from './connect.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { migrate } from './migrate.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function countMarkers(db: Awaited<ReturnType<typeof openDatabase>>) {
  return (
    await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE username = $1', ['backup-marker'])
  )[0]!.n;
}
const insertMarker = (db: Awaited<ReturnType<typeof openDatabase>>) =>
  db.query(
    `INSERT INTO users (id, username, display_name, role) VALUES (gen_random_uuid(), 'backup-marker', 'Marker', 'agent')`,
  );

describe('backup and restore', () => {
  it.skipIf(onPostgres)(
    'round-trips the embedded database and keeps the replaced one aside',
    async () => {
      const dataDir = path.join(tmp, 'data');
      const config = loadConfig({ CLINIDESK_DATA_DIR: dataDir });
      const db = await openDatabase({ dataDir });
      await migrate(db);
      await insertMarker(db);
      await db.close();

      const file = await backup(config, path.join(tmp, 'b.tar.gz'));
      expect(fs.statSync(file).size).toBeGreaterThan(1000);
      await expect(restore(config, file, false)).rejects.toThrow(/--force/);
      const message = await restore(config, file, true);
      expect(message).toMatch(/kept at/);

      const restored = await openDatabase({ dataDir });
      expect(await countMarkers(restored)).toBe(1);
      await restored.close();
      // A fresh embedded database (initdb and every migration), archived and unpacked twice: slow on a busy machine.
    },
    120_000,
  );

  it.skipIf(onPostgres)('refuses to back up a data folder a running server holds', async () => {
    const dataDir = path.join(tmp, 'busy');
    const release = lockDataDir(dataDir);
    // The lock names this very process; pretend it is another by writing our parent's pid.
    fs.writeFileSync(path.join(dataDir, 'clinidesk.pid'), String(process.ppid));
    await expect(backup(loadConfig({ CLINIDESK_DATA_DIR: dataDir }), path.join(tmp, 'x.tgz'))).rejects.toThrow(
      /Stop it first/,
    );
    release();
  });

  it.runIf(onPostgres)(
    'round-trips a PostgreSQL database with pg_dump and psql',
    async () => {
      const source = (await openTestDatabase()) as Awaited<ReturnType<typeof openTestDatabase>>;
      await insertMarker(source);
      const file = await backup(loadConfig({ DATABASE_URL: source.url! }), path.join(tmp, 'pg.sql'));
      const target = await openTestDatabase();
      await expect(restore(loadConfig({ DATABASE_URL: target.url! }), file, false)).rejects.toThrow(/--force/);
      await restore(loadConfig({ DATABASE_URL: target.url! }), file, true);
      expect(await countMarkers(target)).toBe(1);
      await source.close();
      await target.close();
    },
    120_000,
  );
});
