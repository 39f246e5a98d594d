// When a table of the embedded database wants VACUUM or ANALYZE. PGlite runs PostgreSQL without its autovacuum
// launcher, so nothing else ever does either: the planner would keep planning with the sizes a table had when it was
// created (a prepared statement first planned on an empty table keeps that plan: a webhook fan-out stalled on it), and
// updated rows' dead versions would stay in the tables and indexes for good. These are PostgreSQL's own autovacuum
// rules and default thresholds (autovacuum_analyze_threshold 50, _scale_factor 0.1; autovacuum_vacuum_threshold 50,
// _scale_factor 0.2; autovacuum_vacuum_insert_threshold 1000, _scale_factor 0.2), so the embedded database is kept as a
// PostgreSQL server keeps itself. Pure: the figures come from the statistics views (upkeep-store.ts).

/** What PostgreSQL knows of one table's activity. */
export type TableActivity = {
  table: string;
  /** Rows at the last VACUUM or ANALYZE (`pg_class.reltuples`); negative when the table was never counted. */
  countedRows: number;
  /** Pages at the last VACUUM or ANALYZE (`pg_class.relpages`). */
  countedPages: number;
  /** Pages the table's file has now. */
  pages: number;
  /** Rows inserted, updated or deleted since the last ANALYZE (`n_mod_since_analyze`). */
  changedSinceAnalyze: number;
  /** Dead row versions an update or delete left (`n_dead_tup`). */
  deadRows: number;
  /** Rows inserted since the last VACUUM (`n_ins_since_vacuum`). */
  insertedSinceVacuum: number;
};

export type Upkeep = { table: string; vacuum: boolean; analyze: boolean; urgency: number };

export const AUTOVACUUM_DEFAULTS = {
  analyzeThreshold: 50,
  analyzeScale: 0.1,
  vacuumThreshold: 50,
  vacuumScale: 0.2,
  insertThreshold: 1000,
  insertScale: 0.2,
  /** The statistics counters start from zero after an unclean stop: a file grown by this share since the last count
   *  (and by at least `driftMinPages`) is counted again anyway. */
  driftScale: 0.2,
  driftMinPages: 8,
};

export type UpkeepLimits = typeof AUTOVACUUM_DEFAULTS;

/** What one table wants now, or null. `urgency` (how far past its threshold, ≥ 1) orders the work. */
export function upkeepDue(t: TableActivity, limits: UpkeepLimits = AUTOVACUUM_DEFAULTS): Upkeep | null {
  const rows = Math.max(0, t.countedRows);
  const analyzeAt = limits.analyzeThreshold + limits.analyzeScale * rows;
  const vacuumAt = limits.vacuumThreshold + limits.vacuumScale * rows;
  const insertAt = limits.insertThreshold + limits.insertScale * rows;
  const driftAt = Math.max(t.countedPages * (1 + limits.driftScale), t.countedPages + limits.driftMinPages);
  const neverCounted = t.countedRows < 0 && t.pages > 0;
  const ratios = {
    analyze: t.changedSinceAnalyze / analyzeAt,
    dead: t.deadRows / vacuumAt,
    inserted: t.insertedSinceVacuum / insertAt,
    drift: t.countedRows >= 0 && t.pages > driftAt ? t.pages / Math.max(1, t.countedPages) : 0,
  };
  const vacuum = ratios.dead > 1 || ratios.inserted > 1;
  const analyze = neverCounted || ratios.analyze > 1 || ratios.drift > 1;
  if (!vacuum && !analyze) return null;
  const urgency = neverCounted
    ? Number.POSITIVE_INFINITY
    : Math.max(ratios.analyze, ratios.dead, ratios.inserted, ratios.drift);
  return { table: t.table, vacuum, analyze, urgency };
}

/** Every table that wants upkeep, the most overdue first. */
export function upkeepPlan(tables: TableActivity[], limits: UpkeepLimits = AUTOVACUUM_DEFAULTS): Upkeep[] {
  return tables
    .map((t) => upkeepDue(t, limits))
    .filter((u): u is Upkeep => u !== null)
    .sort((a, b) => b.urgency - a.urgency || a.table.localeCompare(b.table));
}
