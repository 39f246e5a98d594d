// `npm run sql:snapshots`: writes the hot store queries' SQL, as the code builds it now, to docs/sql/*.sql (the list
// and how: test/sql-snapshots.ts). Run it after changing one of those queries and commit the files with the change;
// test/sql-snapshots.test.ts fails while they differ. No database needed.
import fs from 'node:fs';
import path from 'node:path';
import { buildSnapshots, readSnapshots, SNAPSHOT_DIR } from '../test/sql-snapshots.ts';

const built = await buildSnapshots();
const committed = readSnapshots();
fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
let changed = 0;
for (const [name, text] of built) {
  if (committed.get(name) === text) continue;
  fs.writeFileSync(path.join(SNAPSHOT_DIR, name), text);
  console.log(`${committed.has(name) ? 'updated' : 'added'}   docs/sql/${name}`);
  changed++;
}
for (const name of committed.keys()) {
  if (built.has(name)) continue;
  fs.rmSync(path.join(SNAPSHOT_DIR, name));
  console.log(`removed docs/sql/${name}`);
  changed++;
}
console.log(
  changed ? `${changed} snapshot file(s) changed: review and commit them.` : 'The SQL snapshots are current.',
);
