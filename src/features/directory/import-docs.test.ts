// docs/import.md is what an administrator copies first: its examples, imported in the documented order, must load
// into the demo hospital without a single error.
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { FACILITY_DEFS } from '../../demo/organisation.ts';
import { IMPORT_KINDS, type ImportKind } from './import-rules.ts';

const DOC = new URL('../../../docs/import.md', import.meta.url);

/** The ```csv block under each "## <kind>" heading of the doc, in the order the doc lists them. */
function csvExamples(markdown: string): { kind: ImportKind; csv: string }[] {
  const examples: { kind: ImportKind; csv: string }[] = [];
  for (const section of markdown.split(/^## /m).slice(1)) {
    const heading = section.slice(0, section.indexOf('\n')).trim();
    const block = /```csv\n([\s\S]*?)```/.exec(section);
    if (!block || !(IMPORT_KINDS as readonly string[]).includes(heading)) continue;
    examples.push({ kind: heading as ImportKind, csv: block[1]! });
  }
  return examples;
}

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
});
afterAll(() => t.close());

describe('the examples in docs/import.md', () => {
  const examples = csvExamples(fs.readFileSync(DOC, 'utf8'));

  it('show one example for every kind of import', () => {
    expect(examples.map((e) => e.kind).sort()).toEqual([...IMPORT_KINDS].sort());
  });

  it('import into the demo hospital in the documented order, dry run and for real', async () => {
    for (const { kind, csv } of examples) {
      for (const dryRun of [true, false]) {
        const res = await admin.post(`/api/v1/imports/${kind}`, { csv, dryRun });
        expect(res.statusCode, res.body).toBe(200);
        const report = res.json();
        expect(report.errors, `${kind} example`).toEqual([]);
        expect(report).toMatchObject({ ok: true, kind, dryRun, rows: csv.trim().split('\n').length - 1 });
      }
    }
  });

  it('refer to the demo hospital by its own facility codes', () => {
    const demoCodes = FACILITY_DEFS.map((f) => f.code);
    for (const kind of ['units', 'people'] as const) {
      const rows: Record<string, string>[] = parse(examples.find((e) => e.kind === kind)!.csv, { columns: true });
      for (const row of rows) expect(demoCodes, `${kind}: ${JSON.stringify(row)}`).toContain(row.facility_code);
    }
  });
});
