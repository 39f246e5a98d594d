// Backup and restore: the embedded database as a compressed copy of its data folder,
// a PostgreSQL server through pg_dump / psql (plain SQL, restorable with standard tools).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Config } from '../config.ts';
import { pgliteDir } from './data-dir.ts';
import { assertDataDirFree } from './data-dir-lock.ts';

/** pg_dump and psql need a session of their own (their SET commands): a pooler's URL would not keep it. */
const direct = (config: Config) => config.databaseUrl && (config.databaseDirectUrl ?? config.databaseUrl);

export async function backup(config: Config, file: string): Promise<string> {
  const out = path.resolve(file);
  const url = direct(config);
  if (url) {
    run('pg_dump', ['--format=plain', '--no-owner', '--no-privileges', `--file=${out}`, url]);
    return out;
  }
  assertDataDirFree(config.dataDir);
  const pgDir = pgliteDir(config.dataDir);
  if (!fs.existsSync(pgDir)) throw new Error(`No embedded database at ${pgDir}`);
  const db = await PGlite.create({ dataDir: pgDir, extensions: { pg_trgm } });
  const dump = await db.dumpDataDir('gzip');
  await db.close();
  fs.writeFileSync(out, Buffer.from(await dump.arrayBuffer()));
  return out;
}

/** Restores into an empty database; with `force`, the current one is kept aside (embedded) or dropped (server). */
export async function restore(config: Config, file: string, force: boolean): Promise<string> {
  const src = path.resolve(file);
  if (!fs.existsSync(src)) throw new Error(`No backup file at ${src}`);
  const url = direct(config);
  if (url) {
    const hasSchema = spawnSync('psql', ['-tAc', "SELECT to_regclass('clinidesk_migrations') IS NOT NULL", url], {
      encoding: 'utf8',
    });
    if (hasSchema.stdout.trim() === 't') {
      if (!force) throw new Error('The database is not empty. Use --force to drop its contents first.');
      run('psql', ['-v', 'ON_ERROR_STOP=1', '-c', 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;', url]);
    }
    run('psql', ['-v', 'ON_ERROR_STOP=1', '--quiet', `--file=${src}`, url]);
    return 'restored into the PostgreSQL database';
  }
  assertDataDirFree(config.dataDir);
  const pgDir = pgliteDir(config.dataDir);
  let keptAside = '';
  if (fs.existsSync(pgDir) && fs.readdirSync(pgDir).length > 0) {
    if (!force) throw new Error(`${pgDir} already holds a database. Use --force to keep it aside and restore.`);
    keptAside = `${pgDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(pgDir, keptAside);
  }
  fs.mkdirSync(pgDir, { recursive: true });
  const blob = new Blob([fs.readFileSync(src)]);
  const db = await PGlite.create({ dataDir: pgDir, loadDataDir: blob, extensions: { pg_trgm } });
  await db.query('SELECT 1');
  await db.close();
  return keptAside ? `restored; the previous database was kept at ${keptAside}` : 'restored';
}

function run(cmd: string, args: string[]) {
  const res = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.error) throw new Error(`${cmd} could not run: ${res.error.message} (install the PostgreSQL client tools)`);
  if (res.status !== 0) throw new Error(`${cmd} failed with exit code ${res.status}`);
}
