// Bench only, on a SCRATCH database: grows a seeded demo history N× for the reports bench at size, in minutes instead
// of the hours a real 1,000,000-ticket seed takes. Copies each report fact, survey answer and call N−1 times with
// new ids (a copy's ticket id is derived from the original's, so copied answers point at copied facts) and the same
// times, verdicts and dimensions: the reports, drill-down and export read only these tables and the small dimension
// tables, so they do the same work as on a real history of that size. Foreign keys from the facts and the answers to
// tickets and invitations are dropped first (the copies have no ticket rows): never run this on real data.
//
//   DATABASE_URL=postgres://…/scratch npx tsx bench/grow-history.ts --times 10 --answers 30000
//   CLINIDESK_DATA_DIR=/tmp/scratch-data npx tsx bench/grow-history.ts --times 10 --answers 30000
// then `clinidesk reports rebuild --rollup-only` with the same database. `--jitter 0` makes exact copies.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from '../src/platform/db/connect.ts';
import { topUpSurveyAnswers } from './surveys.ts';

const { values } = parseArgs({
  options: {
    times: { type: 'string', default: '10' },
    answers: { type: 'string', default: '0' },
    jitter: { type: 'string', default: '0.2' },
  },
});
const times = Number(values.times);
const answers = Number(values.answers);
const jitter = Number(values.jitter);
if (!Number.isInteger(times) || times < 2 || times > 100) throw new Error('--times: a whole number from 2 to 100');
if (!(jitter >= 0 && jitter < 1)) throw new Error('--jitter: a fraction from 0 (exact copies) to below 1');

const database = await openDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.CLINIDESK_DATA_DIR ?? './data',
});
const db = database.db;
const started = Date.now();
const say = (what: string) => console.log(`${((Date.now() - started) / 1000).toFixed(1)} s  ${what}`);
const count = async (table: string) =>
  Number(rowsOf<{ n: number }>(await db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n);

async function columns(table: string): Promise<string[]> {
  return rowsOf<{ c: string }>(
    await db.execute(sql`SELECT column_name AS c FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY ordinal_position`),
  ).map((r) => r.c);
}

/** INSERT … SELECT of every column from the originals' snapshot, some replaced by expressions over the original `o`. */
async function copy(table: string, k: number, replace: Record<string, string>) {
  const cols = await columns(table);
  const list = cols.map((c) => `"${c}"`).join(', ');
  const exprs = cols.map((c) => replace[c]?.replaceAll('$k', String(k)) ?? `o."${c}"`).join(', ');
  await db.execute(sql.raw(`INSERT INTO ${table} (${list}) SELECT ${exprs} FROM grow_${table} o`));
}

const copyId = (col: string) => `md5(o.${col}::text || '/$k')::uuid`;
/**
 * A copy's durations are the original's times a factor in [1 − jitter, 1 + jitter) drawn from the ticket id and the
 * copy: a real history has (nearly) as many distinct durations as tickets, and the reports' duration buckets cost
 * what they hold, so exact copies would make them look cheaper than they are.
 */
const factor = `(1 + ${jitter} * (('x' || substr(md5(o.ticket_id::text || '/$k/jitter'), 1, 8))::bit(32)::int)::float8 / 2147483648.0)`;
const scaled = (col: string) => `round(o.${col} * ${factor})::bigint`;

if (answers > 0) {
  const r = await topUpSurveyAnswers(database, answers);
  say(`survey answers topped up: ${r.demo} from the demo + ${r.added}`);
}
for (const fk of [
  'report_ticket_facts_ticket_id_fkey',
  'survey_responses_ticket_id_fkey',
  'survey_responses_invitation_id_fkey',
]) {
  const table = fk.startsWith('report') ? 'report_ticket_facts' : 'survey_responses';
  await db.execute(sql.raw(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${fk}`));
}
const maxNumber = Number(
  rowsOf<{ n: number }>(
    await db.execute(sql`SELECT coalesce(max(number), 0)::bigint AS n FROM report_ticket_facts`),
  )[0]!.n,
);
const [facts0, answers0, calls0] = [
  await count('report_ticket_facts'),
  await count('survey_responses'),
  await count('contacts'),
];
// The originals, kept apart so each copy is made from them alone.
for (const [table, which] of [
  ['report_ticket_facts', 'true'],
  ['survey_responses', "kind = 'ticket'"],
  ['contacts', 'true'],
]) {
  await db.execute(sql.raw(`DROP TABLE IF EXISTS grow_${table}`));
  await db.execute(sql.raw(`CREATE TABLE grow_${table} AS SELECT * FROM ${table} WHERE ${which}`));
}
for (let k = 1; k < times; k++) {
  await copy('report_ticket_facts', k, {
    ticket_id: copyId('ticket_id'),
    number: `o.number + ${k * maxNumber}`,
    resolve_wall_ms: scaled('resolve_wall_ms'),
    resolve_calendar_ms: scaled('resolve_calendar_ms'),
    resolved_at: `o.created_at + ${scaled('resolve_wall_ms')} * interval '1 millisecond'`,
    held_ms: `coalesce((SELECT jsonb_object_agg(e.key, round(e.value::bigint * ${factor})::bigint)
      FROM jsonb_each_text(o.held_ms) e), '{}'::jsonb)`,
  });
  await copy('survey_responses', k, {
    id: copyId('id'),
    invitation_id: copyId('invitation_id'),
    ticket_id: copyId('ticket_id'),
  });
  await copy('contacts', k, { id: copyId('id'), external_call_id: `o.external_call_id || '/$k'` });
  say(`copy ${k} of ${times - 1}`);
}
for (const table of ['report_ticket_facts', 'survey_responses', 'contacts']) {
  await db.execute(sql.raw(`DROP TABLE grow_${table}`));
}
console.log(
  `facts ${facts0} → ${await count('report_ticket_facts')}, answers ${answers0} → ${await count('survey_responses')}, ` +
    `calls ${calls0} → ${await count('contacts')}`,
);
await database.close();
