// CSV fields: any text survives a spreadsheet's reading (RFC 4180), and none is ever run as a formula.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../test/read-csv.ts';
import { csvField, csvLine } from './csv.ts';

const FORMULA = /^[=+\-@\t\r]/;

describe('CSV', () => {
  it('reads back every value as written, a would-be formula behind a quote mark', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), { minLength: 1 }),
        (values) => {
          const [record] = readCsv(csvLine(values));
          expect(record).toEqual(
            values.map((v) => (v === null ? '' : typeof v === 'string' && FORMULA.test(v) ? `'${v}` : String(v))),
          );
        },
      ),
    );
  });

  it('never starts a cell with a formula character', () => {
    for (const v of ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\tx']) {
      expect(csvField(v)).toMatch(/^"?'/);
    }
    expect(csvField(-2)).toBe('-2');
  });
});
