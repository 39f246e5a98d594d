// Statements planned afresh for their values on every run, never from a prepared statement's generic plan.
//
// Both database runners prepare a statement once per text and PostgreSQL may then keep one generic plan for it, made
// without the values, once five runs showed that plan no dearer than the custom ones (pg-statements.ts,
// pglite-statements.ts). That suits a read by key. It does not suit a text search, whose best plan depends on the
// word: a word in a tenth of the tickets wants the newest tickets read in order, a rare word wants the text index.
// After a mix of words PGlite kept the generic plan and a common word's search took ~105 ms instead of ~30 ms
// (docs/benchmarks.md, 2026-12-05 20:20). A text marked here runs unnamed: parsed and planned with its values each
// time, as node-postgres and PGlite's own `query()` run any statement.
import { type SQL, sql } from 'drizzle-orm';

/** The comment a marked statement's text begins with. It names the reason to whoever reads the server's log. */
export const PLANNED_PER_RUN = '/* planned for its values */ ';

/** `statement`, marked to be planned for its values on every run. */
export function plannedPerRun(statement: SQL): SQL {
  return sql`${sql.raw(PLANNED_PER_RUN)}${statement}`;
}

/** Whether `text` was marked by plannedPerRun. */
export function isPlannedPerRun(text: string): boolean {
  return text.startsWith(PLANNED_PER_RUN);
}
