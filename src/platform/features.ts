// What a feature hands to the platform at start-up. The platform knows no feature by name: the top of the program
// (src/app.ts) lists them and main.ts passes that list to buildApp (routes) and startJobs (jobs).
import type { FastifyInstance } from 'fastify';
import type { RequestMeta } from './actor.ts';
import type { PasswordAuthority } from './auth/password-authority.ts';
import type { AppContext } from './context.ts';
import type { Database } from './db/connect.ts';
import type { Job } from './jobs/runner.ts';

/** One file's routes: a Fastify plugin made from the context (registered in the order listed). */
export type RoutePlugin = (ctx: AppContext) => (app: FastifyInstance) => Promise<void>;

/** A server a feature runs beside the HTTP app (e.g. a mail listener): started after it, closed before it. */
export type Listener = {
  name: string;
  /** Starts listening if configured; null when it is off. */
  start(ctx: AppContext): Promise<RunningListener | null>;
};
export type RunningListener = { name: string; port: number; close(): Promise<void> };

export type Feature = {
  name: string;
  routes?: RoutePlugin[];
  /** Periodic jobs; outbox consumers are jobs too (they keep their own durable position). */
  jobs?: Job[];
  listeners?: Listener[];
  /** Where the sign-in form's passwords are checked besides local accounts (the hospital directory). */
  passwordAuthorities?: PasswordAuthority[];
};

/** The whole application, as main.ts starts it. */
export type Composition = {
  features: Feature[];
  /** The support provider a vendor engineer works for (from the directory), for filtering live events. */
  providerOrgOf(database: Database, userId: string): Promise<string | null>;
  /** Demo data loaded on the first start on an empty database (CLINIDESK_SEED_DEMO). */
  demo: {
    isEmpty(database: Database): Promise<boolean>;
    seed(
      database: Database,
      meta: RequestMeta,
      opts: {
        tickets?: number | undefined;
        /** Each phase's wall time as it ends, for the log. */
        onPhase?: (phase: string, ms: number) => void;
      },
    ): Promise<boolean>;
  };
};
