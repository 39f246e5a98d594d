// Process entry: the first start's demo load on the embedded database (demo-apart.ts says why it runs apart). Opens
// the data folder, migrates it, loads the demo hospital if it is empty, tells the parent whether it did, and exits.

import { seedDemo } from './demo/seed.ts';
import { type DemoApartArgs, type DemoApartReply, seedLogged } from './demo-apart.ts';
import { openDatabase } from './platform/db/connect.ts';
import { migrate } from './platform/db/migrate.ts';
import { createLogger } from './platform/logging.ts';

const args = JSON.parse(process.argv[2] ?? '{}') as DemoApartArgs;
const log = createLogger(args.logLevel, args.logPretty);
const database = await openDatabase({ dataDir: args.dataDir, sharedBuffersMb: args.sharedBuffersMb });
let demoLoaded = false;
try {
  const applied = await migrate(database);
  if (applied.length) log.info({ applied }, 'database migrated');
  demoLoaded = await seedLogged(database, seedDemo, log, args.tickets);
} finally {
  await database.close();
}
const reply: DemoApartReply = { demoLoaded };
process.send?.(reply, () => process.disconnect?.());
