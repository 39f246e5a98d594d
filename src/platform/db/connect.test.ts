// How the embedded database is opened on a data folder (connect.ts): with the smaller shared buffers that keep the
// server's resident memory down (PGlite's WebAssembly memory never shrinks), and usable at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../../../test/db.ts';
import { openDatabase } from './connect.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-connect-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the embedded database', () => {
  it.skipIf(onPostgres)(
    'opens a data folder with 32 MB of shared buffers, not PostgreSQL’s 128 MB',
    async () => {
      const db = await openDatabase({ dataDir: path.join(tmp, 'data') });
      try {
        expect(await db.query('SHOW shared_buffers')).toEqual([{ shared_buffers: '32MB' }]);
        expect(fs.existsSync(path.join(tmp, 'data', 'pg', 'PG_VERSION'))).toBe(true);
      } finally {
        await db.close();
      }
    },
    60_000,
  );
});
