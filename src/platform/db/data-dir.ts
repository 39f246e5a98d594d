// Where the embedded database keeps its files inside the data folder (the folder also holds the server's lock,
// data-dir-lock.ts). A module of its own so that the command line's entry can look at the folder without loading
// the database drivers (cli/index.ts).
import path from 'node:path';

/** The embedded PostgreSQL's own folder inside the data folder. */
export const pgliteDir = (dataDir: string) => path.join(dataDir, 'pg');
