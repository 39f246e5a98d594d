// Where reports and exports read (docs/scaling.md): the read replica (DATABASE_REPLICA_URL) while it is at most
// CLINIDESK_REPLICA_MAX_LAG_SECONDS behind the primary, else the primary. A replica that is down, too far behind or
// no longer a standby is never an error for the report: it reads the primary, and the log says why once.
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import type { Database, Db } from './connect.ts';
import { type LsnSample, replicaLagSeconds, samplesToKeep } from './replica-lag.ts';
import { primaryWalPosition, replicaState } from './replica-store.ts';

/** The replica is checked again after this at most (its lag is counted as growing meanwhile). */
const RECHECK_MS = 5000;
/** However many reports ask, the replica is checked at most once a second. */
const MIN_CHECK_MS = 1000;
/** A replica that does not answer the check within this is taken as down. */
const CHECK_TIMEOUT_MS = 3000;

/** A check: how far behind the replica could be at `at` (seconds), or why that cannot be told. */
type Check = { at: number; lagSeconds: number | null; problem: string | null };

export type ReportSource = 'replica' | 'primary';

export class ReportReads {
  #samples: LsnSample[] = [];
  #check: Check | null = null;
  #checking: Promise<Check> | null = null;
  #serving: ReportSource | null = null;

  constructor(
    private readonly database: Database,
    private readonly maxLagSeconds: number,
    private readonly log: Logger,
  ) {}

  /**
   * Runs a report's reads on the replica when it is within the bound, else on the primary. A read that fails on the
   * replica is read again on the primary: the replica may have gone down since its check, cancelled the read to
   * replay (a conflict with recovery) or not have a row made a moment ago (a go-live just created).
   */
  async run<T>(read: (db: Db) => Promise<T>): Promise<T> {
    const replica = await this.#replicaInBound();
    if (!replica) return read(this.database.db);
    try {
      return await read(replica);
    } catch (err) {
      if (!(err instanceof AppError)) {
        // The primary serves the reports until the next check finds the replica well again.
        this.#check = { at: Date.now(), lagSeconds: null, problem: `a read failed (${(err as Error).message})` };
        this.log.warn({ err }, 'a report read on the read replica failed: read again on the primary');
      }
      return read(this.database.db);
    }
  }

  /**
   * The replica's database when it is configured and within the bound now; null: read the primary. Only the first
   * report waits for a check; later checks run beside the reports, which go by the last one meanwhile.
   */
  async #replicaInBound(): Promise<Db | null> {
    const replica = this.database.replica;
    if (!replica) return null;
    if (!this.#check) await this.#checkOnce();
    else if (Date.now() - this.#check.at >= this.#recheckMs) void this.#checkOnce();
    const check = this.#check!;
    // What it had at the check it still has: the bound now is the lag then plus the time since.
    const lag = check.lagSeconds === null ? null : check.lagSeconds + (Date.now() - check.at) / 1000;
    const source: ReportSource = lag !== null && lag <= this.maxLagSeconds ? 'replica' : 'primary';
    this.#tell(source, lag, check.problem);
    return source === 'replica' ? replica.db : null;
  }

  /** Checked often enough that a replica keeping up stays within the bound between two checks. */
  get #recheckMs() {
    return Math.max(MIN_CHECK_MS, Math.min(RECHECK_MS, this.maxLagSeconds * 500));
  }

  #checkOnce(): Promise<Check> {
    this.#checking ??= this.#measure().finally(() => {
      this.#checking = null;
    });
    return this.#checking;
  }

  async #measure(): Promise<Check> {
    const started = Date.now();
    let check: Check;
    try {
      const lsn = await primaryWalPosition(this.database.db);
      this.#samples = samplesToKeep(started, [...this.#samples, { at: started, lsn }], this.maxLagSeconds);
      const state = await withTimeout(replicaState(this.database.replica!.db), CHECK_TIMEOUT_MS);
      const at = Date.now();
      const lagSeconds = replicaLagSeconds(at, this.#samples, state);
      const problem = state.inRecovery ? 'it has replayed nothing yet' : 'it is not a standby (promoted?)';
      check = { at, lagSeconds, problem: lagSeconds === null ? problem : null };
    } catch (err) {
      check = { at: Date.now(), lagSeconds: null, problem: `it does not answer (${(err as Error).message})` };
    }
    this.#check = check;
    return check;
  }

  /** Logs when reports change server: a warning when they leave the replica, with why. */
  #tell(source: ReportSource, lagSeconds: number | null, problem: string | null) {
    if (source === this.#serving) return;
    this.#serving = source;
    const lag = lagSeconds === null ? null : Math.round(lagSeconds * 10) / 10;
    if (source === 'replica') this.log.info({ lagSeconds: lag }, 'reports read from the read replica');
    else
      this.log.warn(
        { lagSeconds: lag, maxLagSeconds: this.maxLagSeconds, problem },
        problem
          ? `the read replica cannot serve reports: ${problem}; reports read from the primary`
          : 'the read replica is further behind than CLINIDESK_REPLICA_MAX_LAG_SECONDS: reports read from the primary',
      );
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
