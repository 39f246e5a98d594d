// PostgreSQL errors by SQLSTATE, read in one place. node-postgres and PGlite put `code` (and `constraint`) on their
// errors; Drizzle wraps them, keeping the driver's error as `cause`.

/** The SQLSTATEs the application reacts to (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
export const PG = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  invalidTextRepresentation: '22P02',
  stringTooLong: '22001',
  numericOutOfRange: '22003',
  invalidDatetimeFormat: '22007',
  datetimeOutOfRange: '22008',
  notValidUtf8: '22021',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  /** feature_not_supported; what a prepared statement gets once its result columns changed under it (DDL since). */
  cachedPlanChanged: '0A000',
  /** invalid_sql_statement_name: a prepared statement this connection believes in is not on the server connection. */
  noSuchStatement: '26000',
} as const;

export type PgErrorCode = (typeof PG)[keyof typeof PG];

/** A database error: its SQLSTATE and, for constraint violations, the constraint's name. */
export type PgError = { code: string; constraint: string | undefined };

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * The database error in `err`: the first `code` found on it or its causes (a few levels down), when that code is a
 * SQLSTATE. Anything else (a Node error such as ECONNREFUSED, a Fastify error) is not one.
 */
export function pgError(err: unknown): PgError | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const { code, constraint, cause } = e as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (typeof code === 'string') {
      if (!SQLSTATE.test(code)) return undefined;
      return { code, constraint: typeof constraint === 'string' ? constraint : undefined };
    }
    e = cause;
  }
  return undefined;
}

/** Whether `err` is a database error with one of these SQLSTATEs. */
export function isPgError(err: unknown, ...codes: PgErrorCode[]): boolean {
  const code = pgError(err)?.code;
  return code !== undefined && (codes as string[]).includes(code);
}
