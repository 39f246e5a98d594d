// Parameterised statements on PGlite as named prepared statements, each run in one call into the embedded Postgres.
//
// PGlite's own `query()` sends six protocol messages per statement (parse, describe, bind, describe, execute, sync),
// each a separate call into the WebAssembly Postgres, and has the statement parsed, analysed and planned every time:
// ~0.4 ms for a primary-key read on the 2-core machine of docs/benchmarks.md, however small the work, and a ticket's
// creation runs ~30 statements. Here each SQL text is prepared once per database (parse + describe, cached by its
// text), and every later run sends bind, describe, execute and sync together in one call (~0.06 ms for the same read).
// A text marked by plannedPerRun (planned-per-run.ts) is the exception: it runs unnamed, parsed and planned afresh.
//
// The answer is built by PGlite's own result parser from the same messages `query()` would see, under the same locks
// `query()` takes (the transaction lock outside a transaction, the query lock always), so callers (Drizzle, the raw
// `database.query`) cannot tell the difference, errors included: a database error is thrown as PGlite throws it, with
// its SQLSTATE. `exec()` outside a transaction (several statements, no parameters) is left to PGlite.
//
// Transactions too run here rather than through PGlite's `transaction()`, which sends BEGIN and COMMIT each as two
// calls into the engine and then builds their (empty) answer from a fresh copy of its ~320 type parsers: 0.50 ms for
// the pair against 0.04 ms for the same two statements sent as one call each, on every transaction (a ticket's
// creation is one; docs/benchmarks.md 2026-12-06). Same lock, same statements, same object for the caller.
import {
  type PGlite,
  parse,
  protocol,
  type QueryOptions,
  type Results,
  type Transaction,
  types,
} from '@electric-sql/pglite';
import { query as templated } from '@electric-sql/pglite/template';
import { PG, pgError } from './errors.ts';
import { isPlannedPerRun } from './planned-per-run.ts';

const { serialize } = protocol;

/** Prepared statements kept per database; the least recently used is closed beyond this (texts built with a
 *  variable number of parameters, e.g. `IN ($1, $2, …)`, are each their own statement). */
export const MAX_PREPARED_STATEMENTS = 2000;

/**
 * The most parameters one statement may carry on PGlite. Its protocol writer sends the count as a signed 16-bit number,
 * so from 32,768 on the statement silently answers no rows, and so does every statement after it on that database
 * (seen with PGlite's own `query()` too, PGlite 0.3). PostgreSQL itself takes up to 65,535. Refused here, loudly.
 */
export const MAX_PARAMETERS = 32_767;

const tooManyParameters = (n: number) =>
  `A statement with ${n} parameters cannot run on the embedded database (at most ${MAX_PARAMETERS}): write it in smaller batches.`;

/** Statement names, unique in this process: two runners on one PGlite (a test, a restore) never collide. */
let named = 0;

type Statement = { name: string; paramTypes: number[] };
type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];
type RowDescription = { fields: { name: string; dataTypeID: number }[] };
type DataRow = { fields: (string | null)[] };
type CommandComplete = { text: string };
type Serializer = (value: unknown) => string;
/** What this module reads of PGlite beyond its typed API: the locks its own `query()` takes, its type maps. */
type PgliteInternals = {
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
  serializers: Record<number, Serializer>;
  parsers: Record<number, (value: string, typeId?: number) => unknown>;
};

function joined(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.byteLength;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

const bytes = (message: Uint8Array | ArrayBuffer) =>
  message instanceof Uint8Array ? message : new Uint8Array(message as ArrayBuffer);

export type PreparedRunner = {
  /** Runs a statement as `PGlite.query` would, outside any transaction (taking the transaction lock). */
  query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  /** Runs a statement inside `tx`, as `tx.query` would. */
  queryIn<T>(tx: Transaction, text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  /**
   * Runs `fn` in a transaction as PGlite's `transaction()` does: the transaction lock held throughout (no statement
   * from outside runs in between), BEGIN first, COMMIT when `fn` returns, ROLLBACK when it throws, and a transaction
   * object that refuses to be used once finished. BEGIN, COMMIT and ROLLBACK go in one call into the engine each.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** How many statements are prepared now. */
  size(): number;
};

export function preparedStatements(pglite: PGlite, max = MAX_PREPARED_STATEMENTS): PreparedRunner {
  const internals = pglite as unknown as PgliteInternals;
  const statements = new Map<string, Statement>();

  /** The statement for `text`, prepared on first use. Runs under the query lock. */
  async function statementFor(text: string): Promise<Statement> {
    const known = statements.get(text);
    if (known) {
      // Most recently used last: the first entry is the one to close when the map is full.
      statements.delete(text);
      statements.set(text, known);
      return known;
    }
    if (statements.size >= max) {
      const [oldestText, oldest] = statements.entries().next().value as [string, Statement];
      statements.delete(oldestText);
      await pglite.execProtocolStream(joined([bytes(serialize.close({ type: 'S', name: oldest.name })), sync()]), {
        syncToFs: false,
      });
    }
    const statement = await parsed(`clinidesk_${++named}`, text);
    statements.set(text, statement);
    return statement;
  }

  /** `text` parsed as the statement `name` ('' for the unnamed one), with its parameters' types. */
  async function parsed(name: string, text: string): Promise<Statement> {
    const described = await pglite.execProtocolStream(
      joined([bytes(serialize.parse({ name, text })), bytes(serialize.describe({ type: 'S', name })), sync()]),
      { syncToFs: false },
    );
    return { name, paramTypes: parse.parseDescribeStatementResults(described) };
  }

  const sync = () => bytes(serialize.sync());

  function valuesOf(statement: Statement, params: unknown[], options?: QueryOptions): (string | null)[] {
    // As PGlite's query(): null stays null, a type's serializer when there is one, else the value's text.
    return params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const oid = statement.paramTypes[i] as number;
      const serializer = (options?.serializers?.[oid] as Serializer | undefined) ?? internals.serializers[oid];
      return serializer ? serializer(param) : String(param);
    });
  }

  async function run<T>(text: string, params: unknown[], options?: QueryOptions, unnamed = false): Promise<Results<T>> {
    if (params.length > MAX_PARAMETERS) throw new Error(tooManyParameters(params.length));
    // A text marked plannedPerRun is parsed afresh as the unnamed statement, planned for this run's values; it lasts
    // until the next unnamed statement, and nothing runs between (the query lock is held).
    const statement = unnamed || isPlannedPerRun(text) ? await parsed('', text) : await statementFor(text);
    const message = joined([
      bytes(serialize.bind({ statement: statement.name, values: valuesOf(statement, params, options) })),
      bytes(serialize.describe({ type: 'P' })),
      bytes(serialize.execute({})),
      sync(),
    ]);
    const messages = await pglite.execProtocolStream(message, { syncToFs: false, onNotice: options?.onNotice });
    return resultOf<T>(messages, options);
  }

  /**
   * The statement's answer, as PGlite's `parseResults` makes it for one statement (same fields, rows, command and
   * counts), without copying PGlite's ~320 type parsers into a new object for every statement as it does: a value's
   * parser is the caller's for its type, else PGlite's (array types included), else the built-in one.
   */
  function resultOf<T>(messages: BackendMessage[], options?: QueryOptions): Results<T> {
    const own = options?.parsers;
    const parsed = (text: string | null, type: number) => {
      if (text === null) return null;
      const parser = own?.[type] ?? internals.parsers[type];
      return parser ? parser(text, type) : types.parseType(text, type);
    };
    let fields: { name: string; dataTypeID: number }[] = [];
    const rows: unknown[] = [];
    for (const message of messages) {
      if (message.name === 'rowDescription') {
        fields = (message as unknown as RowDescription).fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
      } else if (message.name === 'dataRow') {
        const values = (message as unknown as DataRow).fields;
        if (options?.rowMode === 'array') rows.push(values.map((v, i) => parsed(v, fields[i]!.dataTypeID)));
        else {
          const row: Record<string, unknown> = {};
          for (let i = 0; i < values.length; i++) row[fields[i]!.name] = parsed(values[i]!, fields[i]!.dataTypeID);
          rows.push(row);
        }
      } else if (message.name === 'commandComplete') {
        // "SELECT 2", "UPDATE 3", "INSERT 0 5" end in a row count; "CREATE TABLE" does not.
        const words = (message as unknown as CommandComplete).text.split(' ');
        const command = words[0] as string;
        const rowCount = Number.parseInt(words[words.length - 1] as string, 10);
        const counted = ['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE'].includes(command);
        return {
          rows: rows as T[],
          fields,
          command,
          affectedRows: counted ? rowCount : 0,
          ...(Number.isNaN(rowCount) ? {} : { rowCount }),
        } as Results<T>;
      }
    }
    return { affectedRows: 0, rows: [], fields: [] } as Results<T>;
  }

  /** Runs `text`; once more, prepared afresh, when the tables under its prepared form changed since. */
  async function runFresh<T>(text: string, params: unknown[], options?: QueryOptions): Promise<Results<T>> {
    try {
      return await run<T>(text, params, options);
    } catch (err) {
      const stale = pgError(err)?.code === PG.cachedPlanChanged && statements.has(text);
      if (!stale) throw err;
      const old = statements.get(text) as Statement;
      statements.delete(text);
      await pglite.execProtocolStream(joined([bytes(serialize.close({ type: 'S', name: old.name })), sync()]), {
        syncToFs: false,
      });
      return run<T>(text, params, options);
    }
  }

  /** Statements without parameters in one call (the simple protocol), under the query lock; errors throw. */
  const simple = (text: string, onNotice?: QueryOptions['onNotice']) =>
    pglite.runExclusive(() =>
      pglite.execProtocolStream(joined([bytes(serialize.query(text)), sync()]), { syncToFs: false, onNotice }),
    );

  /** Runs `text` inside `tx`, as `tx.query` would (a finished transaction is not used again). */
  async function queryIn<T>(tx: Transaction, text: string, params: unknown[] = [], options?: QueryOptions) {
    if (tx.closed) throw new Error('Transaction is closed');
    return pglite.runExclusive(() => runFresh<T>(text, params, options));
  }

  /**
   * A statement with a blob (`COPY … FROM '/dev/blob'`) as PGlite's `query()` runs one: the blob put in place first,
   * and the statement planned unnamed, since each COPY's text is its own (copy-data.ts marks it).
   */
  async function runWithBlob<T>(text: string, params: unknown[], options: QueryOptions): Promise<Results<T>> {
    await pglite._handleBlob(options.blob);
    let result: Results<T>;
    try {
      result = await run<T>(text, params, options, true);
    } finally {
      await pglite._cleanupBlob();
    }
    const written = await pglite._getWrittenBlob();
    return written ? { ...result, blob: written } : result;
  }

  function transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return internals._runExclusiveTransaction(async () => {
      await simple('BEGIN');
      let closed = false;
      const open = () => {
        if (closed) throw new Error('Transaction is closed');
      };
      const tx: Transaction = {
        query: async <R>(text: string, params: unknown[] = [], options?: QueryOptions) => {
          if (!options?.blob) return queryIn<R>(tx, text, params, options);
          open();
          return pglite.runExclusive(() => runWithBlob<R>(text, params, options));
        },
        sql: async <R>(strings: TemplateStringsArray, ...values: unknown[]) => {
          const { query, params } = templated(strings, ...values);
          return tx.query<R>(query, params);
        },
        // As PGlite's exec(): one result each, read by its own result builder (nothing on a hot path uses it).
        exec: async (text: string, options?: QueryOptions) => {
          open();
          return parse.parseResults(await simple(text, options?.onNotice), internals.parsers, options);
        },
        rollback: async () => {
          open();
          await simple('ROLLBACK');
          closed = true;
        },
        listen: async (channel: string, callback: (payload: string) => void) => {
          open();
          return pglite.listen(channel, callback, tx);
        },
        get closed() {
          return closed;
        },
      };
      try {
        const result = await fn(tx);
        if (!closed) {
          closed = true;
          await simple('COMMIT');
        }
        return result;
      } catch (err) {
        if (!closed) {
          closed = true;
          await simple('ROLLBACK');
        }
        throw err;
      }
    });
  }

  return {
    transaction,
    query: <T>(text: string, params: unknown[] = [], options?: QueryOptions) =>
      internals._runExclusiveTransaction(() => pglite.runExclusive(() => runFresh<T>(text, params, options))),
    queryIn,
    size: () => statements.size,
  };
}
