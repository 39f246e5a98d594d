// Parameterised statements on a PostgreSQL server as named prepared statements: parsed and planned once per
// connection instead of on every run.
//
// node-postgres sends every statement with parameters unnamed, so the server parses, analyses and plans it each time.
// Measured on a ticket's creation (bench/profile-create.ts --server): the server spent 3.3 ms per creation planning its
// statements against 1.9 ms executing them — the ticket page's one statement alone 1.4 ms of planning. Named, a
// statement is parsed once per connection, and after its first five runs PostgreSQL keeps a generic plan for it when
// that plan is no dearer than the custom ones (`plan_cache_mode = auto`).
//
// A text is named from its second run, so texts run once (a bulk insert's odd last batch, an `IN` list of some length)
// never take a name; nor do texts marked by plannedPerRun (planned-per-run.ts), which are planned for their values.
// Names are unique for the process and never reused. At most MAX_NAMED_STATEMENTS texts carry a name at a time; past
// that a new set begins (the texts named again as they come back), and the statements of the old set are freed on the
// server as its connections close: the pool retires a connection after CONNECTION_LIFETIME_SECONDS, so what a server
// holds for Clinidesk stays bounded.
//
// Not behind a transaction-pooling connection pooler that does not track prepared statements (PgBouncer before 1.21,
// or without `max_prepared_statements`): a statement prepared on one server connection would be run on another
// (docs/scaling.md, "Behind PgBouncer"; DATABASE_PREPARED_STATEMENTS). Should it happen all the same, the server
// answers that the statement does not exist: that request fails, and the pool names no statement from then on. Names
// carry a random part of their own per pool, so two processes behind one pooler never run each other's statements.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG, pgError } from './errors.ts';
import { isPlannedPerRun } from './planned-per-run.ts';

/** Texts that carry a name at once; beyond it a new set of names begins. */
export const MAX_NAMED_STATEMENTS = 500;
/** How long the pool keeps one server connection (and the statements prepared on it). */
export const CONNECTION_LIFETIME_SECONDS = 30 * 60;
/** Texts seen once, remembered until their second run; forgotten all at once beyond this. */
const MAX_SEEN_ONCE = 10_000;

/** The names given to statement texts, for the connections of one pool. */
export class StatementNames {
  private named = new Map<string, string>();
  private seenOnce = new Set<string>();
  private next = 0;
  private off = false;
  private readonly prefix = `clinidesk_${randomBytes(4).toString('hex')}_`;

  /** `onPooler` hears once that the server lost a prepared statement (a pooler in between): naming stops then. */
  constructor(private readonly onPooler: () => void = () => {}) {}

  /** The name `text` runs under, or undefined to run it unnamed (its first run, naming stopped, or a text marked to
   *  be planned for its values on every run). */
  nameOf(text: string): string | undefined {
    if (this.off || isPlannedPerRun(text)) return undefined;
    const name = this.named.get(text);
    if (name) return name;
    if (!this.seenOnce.has(text)) {
      if (this.seenOnce.size >= MAX_SEEN_ONCE) this.seenOnce.clear();
      this.seenOnce.add(text);
      return undefined;
    }
    this.seenOnce.delete(text);
    if (this.named.size >= MAX_NAMED_STATEMENTS) this.named.clear();
    const fresh = this.prefix + (this.next++).toString(36);
    this.named.set(text, fresh);
    return fresh;
  }

  /** A statement the server refused to run any more under its name: the text gets a new name on its next run. */
  forget(text: string) {
    this.named.delete(text);
  }

  /** The server answered that a statement this pool prepared does not exist: name none from now on. */
  stop() {
    if (this.off) return;
    this.off = true;
    this.named.clear();
    this.seenOnce.clear();
    this.onPooler();
  }

  /** How many texts carry a name now. */
  size() {
    return this.named.size;
  }
}

type QueryConfig = { text: string; name?: string; values?: unknown[]; submit?: unknown };

/** A node-postgres client class that runs parameterised statements under the names `names` gives them. */
export function namingClient(names: StatementNames): typeof pg.Client {
  return class NamingClient extends pg.Client {
    // The overloads of pg's `query` cannot be re-declared one by one; every form is passed on unchanged but for
    // the name added to a parameterised statement.
    // biome-ignore lint/suspicious/noExplicitAny: pg.Client.query's overloads
    override query(config: any, values?: any, callback?: any): any {
      const run = (...a: unknown[]) => (super.query as (...x: unknown[]) => unknown).apply(this, a);
      const named = withName(names, config, values);
      if (!named) return run(config, values, callback);
      const refused = (err: unknown) => {
        const code = pgError(err)?.code;
        // Its result columns changed under it (DDL); or a pooler between lent another server connection.
        if (code === PG.cachedPlanChanged) names.forget(named.text);
        if (code === PG.noSuchStatement) names.stop();
      };
      if (typeof callback === 'function')
        return run(named, values, (err: unknown, res: unknown) => {
          refused(err);
          callback(err, res);
        });
      return (run(named, values) as Promise<unknown>).catch((err: unknown) => {
        refused(err);
        throw err;
      });
    }
  } as unknown as typeof pg.Client;
}

/** The query's config with a name, when it is a parameterised statement that carries one; else undefined. */
function withName(names: StatementNames, config: unknown, values: unknown): QueryConfig | undefined {
  if (typeof config === 'string') {
    if (!Array.isArray(values) || values.length === 0) return undefined;
    const name = names.nameOf(config);
    return name ? { text: config, name } : undefined;
  }
  if (!config || typeof config !== 'object') return undefined;
  const c = config as QueryConfig;
  // A submittable (a cursor, a stream) or a statement named by its caller is left as it is.
  if (typeof c.submit === 'function' || c.name || typeof c.text !== 'string') return undefined;
  const params = Array.isArray(values) ? values : c.values;
  if (!params?.length) return undefined;
  const name = names.nameOf(c.text);
  return name ? { ...c, name } : undefined;
}
