// The committed SQL snapshots (docs/sql/) are what the code builds: a change to a hot query must come with its
// regenerated snapshot, so review sees the SQL change.
import { describe, expect, it } from 'vitest';
import { buildSnapshots, layout, readSnapshots } from './sql-snapshots.ts';

const FIX = 'The hot queries changed: run `npm run sql:snapshots` and commit docs/sql/ with the change.';

describe('the SQL snapshots in docs/sql', () => {
  it('are exactly what the code builds now', async () => {
    const built = await buildSnapshots();
    const committed = readSnapshots();
    expect([...committed.keys()].sort(), FIX).toEqual([...built.keys()].sort());
    for (const [name, text] of built) expect(committed.get(name), `docs/sql/${name}: ${FIX}`).toBe(text);
  });

  it('hold each hot query, its parameters as placeholders', async () => {
    const built = await buildSnapshots();
    expect([...built.keys()].sort()).toEqual([
      'report-aggregate.sql',
      'sla-sweep.sql',
      'ticket-open.sql',
      'ticket-page.sql',
      'ticket-queue.sql',
      'ticket-search.sql',
      'wallboard.sql',
    ]);
    expect(built.get('sla-sweep.sql')).toMatch(/for update skip locked/);
    expect(built.get('ticket-search.sql')).toMatch(/websearch_to_tsquery\('english', \$\d+\)/);
    expect(built.get('ticket-search.sql')).toMatch(/"search_masked"/); // the vendor's engineer searches the masked text
    expect(built.get('ticket-open.sql')).toMatch(/insert into "tickets"/i);
    expect(built.get('ticket-page.sql')).toMatch(/FROM people p WHERE p\.user_id = \$\d+::uuid\) AS "readerPerson"/);
    expect(built.get('report-aggregate.sql')).toMatch(/report_month/); // the rollup's path
    expect(built.get('report-aggregate.sql')).toMatch(/FROM report_ticket_facts f/); // the facts' path
    for (const text of built.values()) expect(text).not.toMatch(/printer jam|2026-03-02/);
  });

  it('lay a one-line statement out a clause a line and a list item a line, never inside parentheses or quotes', () => {
    const statement = `select "a", (select 1, 2 from "b" where x) from "t" where "c" = 'x, from y' order by 1, 2 limit $1`;
    expect(layout(statement)).toBe(
      [
        'select "a",',
        '  (select 1, 2 from "b" where x)',
        'from "t"',
        `where "c" = 'x, from y'`,
        'order by 1,',
        '  2',
        'limit $1',
      ].join('\n'),
    );
    expect(layout('SELECT 1\nFROM t WHERE x')).toBe('SELECT 1\nFROM t WHERE x');
  });
});
