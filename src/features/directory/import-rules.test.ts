import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './import.ts';
import { checkImport, type Known, NOTHING_KNOWN, serviceKey, unitKey } from './import-checks.ts';
import { type CsvTable, IMPORT_KINDS, parseBool } from './import-rules.ts';

/** A table from lines of comma-separated cells (no quoting needed in these tests); the header is line 1. */
function table(...lines: string[]): CsvTable {
  const [header, ...rows] = lines.map((l, i) => ({ line: i + 1, cells: l.split(',') }));
  return { header: header!, records: rows };
}

const known: Known = {
  ...NOTHING_KNOWN,
  facilities: new Map([['SMH', 'f-smh']]),
  units: new Map([[unitKey('SMH', '4W'), 'u-4w']]),
  people: new Map([['E100', 'p-100']]),
  accounts: new Map([
    ['rosa', { id: 'user-rosa', linked: false, linkedEmployeeId: null }],
    ['sam', { id: 'user-sam', linked: true, linkedEmployeeId: 'E100' }],
  ]),
  providers: new Map([['Acme EHR', 'prov-acme']]),
  services: new Map([
    [serviceKey(null, 'Epic'), { id: 's-epic', kind: 'application' as const }],
    [serviceKey(null, 'Printers'), { id: 's-printers', kind: 'device' as const }],
  ]),
};

const errorsOf = (kind: (typeof IMPORT_KINDS)[number], t: CsvTable) => checkImport(kind, t, known).errors;

describe('the header', () => {
  it('names unknown and missing columns, and columns written twice', () => {
    const errors = errorsOf('facilities', table('code,Name,colour,name'));
    expect(errors).toEqual([
      { line: 1, field: 'colour', message: expect.stringMatching(/not a facilities column; use code, name/) },
      { line: 1, field: 'name', message: 'appears twice in the header' },
      { line: 1, field: 'time_zone', message: 'is a required column' },
    ]);
  });

  it('accepts column names as spreadsheets write them ("Time Zone", "time-zone")', () => {
    expect(errorsOf('facilities', table('Code,Name,Time Zone', 'SMH2,St Mary,America/Chicago'))).toEqual([]);
    expect(errorsOf('facilities', table('CODE,name,time-zone', 'SMH2,St Mary,America/Chicago'))).toEqual([]);
  });
});

describe('cells', () => {
  it('reports every bad cell of every row by line and column', () => {
    const errors = errorsOf(
      'facilities',
      table(
        'code,name,time_zone',
        'SMH2,St Mary,America/Chicago',
        '4 West,,Mars/Olympus',
        `OK1,${'x'.repeat(10_000)},UTC`,
        'OK2,Name',
      ),
    );
    expect(errors).toEqual([
      { line: 3, field: 'code', message: expect.stringMatching(/letters, digits/) },
      { line: 3, field: 'name', message: 'is required' },
      { line: 3, field: 'time_zone', message: expect.stringMatching(/"Mars\/Olympus" is not an IANA time zone/) },
      { line: 4, field: 'name', message: 'is longer than 200 characters' },
      { line: 5, field: '(row)', message: 'has 2 cells but the header has 3' },
    ]);
  });

  it('refuses text that was not UTF-8 (replacement characters) or holds NUL', () => {
    const errors = errorsOf('facilities', table('code,name,time_zone', 'A1,Caf\uFFFD,UTC', 'A2,a\u0000b,UTC'));
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'name'],
      [3, 'name'],
    ]);
    expect(errors[0]!.message).toMatch(/not UTF-8/);
  });

  it('checks enumerations, yes/no flags, phones and emails', () => {
    const errors = errorsOf(
      'people',
      table(
        'employee_id,display_name,clinical_role,phones,email,provider',
        'E1,Ann,surgeon,555-234-5678,ann@example.org,yes',
        'E2,Bo,rn,555-CALL-NOW,not-an-email,maybe',
      ),
    );
    expect(errors.map((e) => `${e.line} ${e.field}`)).toEqual(['2 clinical_role', '3 phones', '3 email', '3 provider']);
    expect(errors[1]!.message).toMatch(/"555-CALL-NOW" is not a phone number/);
  });

  it('reads yes/no flags in the usual spellings', () => {
    expect(['yes', 'Y', 'TRUE', '1'].map(parseBool)).toEqual([true, true, true, true]);
    expect(['no', 'n', 'False', '0'].map(parseBool)).toEqual([false, false, false, false]);
    expect(parseBool('maybe')).toBeNull();
  });

  it('keeps emoji and non-Latin names intact', () => {
    const { plan, errors } = checkImport(
      'people',
      table('employee_id,display_name,clinical_role', 'E7,田中 健 🩺,attending', 'E8,محمد علي,rn'),
      known,
    );
    expect(errors).toEqual([]);
    expect(plan.kind === 'people' && plan.rows.map((r) => r.displayName)).toEqual(['田中 健 🩺', 'محمد علي']);
  });
});

describe('keys and references', () => {
  it('reports a key repeated within the file at each later line', () => {
    const errors = errorsOf('facilities', table('code,name,time_zone', 'A1,One,UTC', 'A2,Two,UTC', 'A1,Again,UTC'));
    expect(errors).toEqual([{ line: 4, field: 'code', message: 'repeats line 2' }]);
  });

  it('refuses units of facilities the directory does not have', () => {
    const errors = errorsOf('units', table('facility_code,code,name,kind', 'SMH,5E,5 East,inpatient', 'XYZ,1,One,icu'));
    expect(errors).toEqual([
      { line: 3, field: 'facility_code', message: expect.stringMatching(/no facility has code "XYZ"/) },
    ]);
  });

  it("checks people's units, managers, accounts and providers", () => {
    const errors = errorsOf(
      'people',
      table(
        'employee_id,display_name,clinical_role,facility_code,unit_code,manager_employee_id,username,provider_org',
        'E1,Ann,rn,SMH,4W,E100,rosa,',
        'E2,Bo,rn,,4W,E1,,',
        'E3,Cy,rn,SMH,9Z,E3,sam,Nobody Inc',
        'E4,Di,rn,,,E999,ghost,Acme EHR',
        'E5,Ed,rn,,,,ROSA,',
      ),
    );
    expect(errors.map((e) => `${e.line} ${e.field}`)).toEqual([
      '3 unit_code',
      '4 unit_code',
      '4 manager_employee_id',
      '4 username',
      '4 provider_org',
      '5 manager_employee_id',
      '5 username',
      '6 username',
    ]);
    expect(errors.find((e) => e.line === 4 && e.field === 'username')!.message).toBe(
      'is already linked to employee E100',
    );
    expect(errors.find((e) => e.line === 6)!.message).toBe('repeats line 2');
  });

  it('hangs modules under applications in the directory or in the same file', () => {
    const errors = errorsOf(
      'services',
      table(
        'kind,name,parent',
        'application,Cerner,',
        'module,PowerChart,Cerner',
        'module,ClinDoc,Epic',
        'module,Tray 2,Printers',
        'module,Orphan,',
        'device,Scanners,Epic',
        'device,Epic,',
      ),
    );
    expect(errors.map((e) => `${e.line} ${e.field}`)).toEqual(['5 parent', '6 parent', '7 parent', '8 kind']);
    expect(errors[0]!.message).toBe('"Printers" has kind device, not application');
    expect(errors[3]!.message).toMatch(/already has kind application/);
  });

  it('never throws, and reports only lines of the file', () => {
    const cell = fc.constantFrom('', 'SMH', '4W', 'rn', 'E100', 'x', 'UTC', 'module', 'Epic', 'yes', '\uFFFD');
    const row = fc.array(cell, { minLength: 1, maxLength: 6 });
    const header = fc.array(fc.constantFrom('code', 'name', 'time_zone', 'kind', 'parent', 'employee_id', 'x'), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(fc.constantFrom(...IMPORT_KINDS), header, fc.array(row, { maxLength: 8 }), (kind, h, rows) => {
        const t: CsvTable = {
          header: { line: 1, cells: h },
          records: rows.map((cells, i) => ({ line: i + 2, cells })),
        };
        const { errors } = checkImport(kind, t, known);
        return errors.every((e) => e.line >= 1 && e.line <= rows.length + 1);
      }),
    );
  });
});

describe('reading CSV text', () => {
  it('numbers records by the line they start on, through quoted line breaks, CRLF and blank lines', () => {
    const parsed = parseCsv('\uFEFFcode,name\r\nA,"two\r\nlines"\r\n\r\nB,"say ""hi"""\r\n,,\nC,c');
    expect('table' in parsed && parsed.table).toEqual({
      header: { line: 1, cells: ['code', 'name'] },
      records: [
        { line: 2, cells: ['A', 'two\nlines'] },
        { line: 5, cells: ['B', 'say "hi"'] },
        { line: 7, cells: ['C', 'c'] },
      ],
    });
  });

  it('says where the CSV itself is broken', () => {
    expect(parseCsv('code,name\nA,"open')).toEqual({
      errors: [{ line: 2, field: '(file)', message: expect.stringMatching(/not valid CSV/) }],
    });
    expect(parseCsv('  \n')).toEqual({
      errors: [{ line: 1, field: '(file)', message: expect.stringMatching(/empty/) }],
    });
    expect(parseCsv('code;name;time_zone\nA;B;UTC')).toEqual({
      errors: [{ line: 1, field: '(file)', message: expect.stringMatching(/separated by ";"/) }],
    });
  });
});
