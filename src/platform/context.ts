// What every service needs: the database, the configuration and the event dispatcher.
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/connect.ts';
import type { EventDispatcher } from './events/dispatcher.ts';
import type { RequestActivity } from './jobs/pacing.ts';

export type AppContext = {
  config: Config;
  database: Database;
  events: EventDispatcher;
  log: Logger;
  /** Requests this instance has started: background drains rest while they arrive (jobs/pacing.ts). */
  requests: RequestActivity;
  /** The support provider a vendor engineer works for (from the directory), for filtering live events. */
  providerOrgOf(userId: string): Promise<string | null>;
};
