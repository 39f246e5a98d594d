// Process entry: the first start's demo load on the embedded database (demo-apart.ts says why it runs apart). Opens
// the data folder, migrates it, loads the demo hospital if it is empty, tells the parent whether it did, and exits.
// The history's thread begins first: it generates while the embedded database is created and migrated (~6 s).

import { beginHistory, seedDemo } from './demo/seed.ts';
import { type DemoApartArgs, type DemoApartReply, seedLogged } from './demo-apart.ts';
import { openDatabase } from './platform/db/connect.ts';
import { migrate } from './platform/db/migrate.ts';
import { createLogger } from './platform/logging.ts';

const args = JSON.parse(process.argv[2] ?? '{}') as DemoApartArgs;
const log = createLogger(args.logLevel, args.logPretty);
const begun = beginHistory(args.tickets);
let demoLoaded = false;
try {
  const database = await openDatabase({ dataDir: args.dataDir, sharedBuffersMb: args.sharedBuffersMb });
  try {
    const applied = await migrate(database);
    if (applied.length) log.info({ applied }, 'database migrated');
    const seed: typeof seedDemo = (db, meta, opts) => seedDemo(db, meta, { ...opts, begun: begun ?? undefined });
    demoLoaded = await seedLogged(database, seed, log, args.tickets);
  } finally {
    await database.close();
  }
} finally {
  await begun?.thread.close();
}
const reply: DemoApartReply = { demoLoaded };
process.send?.(reply, () => process.disconnect?.());
