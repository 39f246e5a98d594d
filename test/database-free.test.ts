// CI's PostgreSQL pass leaves out the test files that open no database (vitest.config.ts): what it leaves out must
// really be database-free, followed through every import, and what touches a database must stay in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { databaseFreeTests, unitTestFiles } from './database-free.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-dbfree-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('database-free tests (left out of the PostgreSQL pass)', () => {
  it('follows imports to the end: a test whose helper’s helper opens a database is not database-free', () => {
    const dir = tree({
      'src/a/rules.ts': 'export const add = (a: number, b: number) => a + b;\n',
      'src/a/rules.test.ts': "import { add } from './rules.ts';\n",
      'src/b/deep.ts': "export async function db() { return openTestDatabase('demo'); }\n",
      'src/b/helper.ts': "export { db } from './deep.ts';\n",
      'src/b/service.test.ts': "import { db } from './helper';\n",
      'src/c/env.test.ts': 'const url = process.env.TEST_DATABASE_URL;\n',
      'src/d/cycle-a.ts': "import './cycle-b.ts';\nexport const a = 1;\n",
      'src/d/cycle-b.ts': "import './cycle-a.ts';\nexport const b = 2;\n",
      'src/d/cycle.test.ts': "import { a } from './cycle-a.ts';\n",
      'src/e/missing.test.ts': "import { x } from './not-here.ts';\n",
    });
    const files = unitTestFiles(dir);
    expect(files).toEqual([
      'src/a/rules.test.ts',
      'src/b/service.test.ts',
      'src/c/env.test.ts',
      'src/d/cycle.test.ts',
      'src/e/missing.test.ts',
    ]);
    // An import that cannot be followed counts as touching a database, to be safe.
    expect(databaseFreeTests(dir, files)).toEqual(['src/a/rules.test.ts', 'src/d/cycle.test.ts']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('in this repository: the pure rules are left out, and every test that opens a database is kept', () => {
    const files = unitTestFiles(root);
    const free = new Set(databaseFreeTests(root, files));
    expect(free.has('src/features/tickets/rules/priority.test.ts')).toBe(true);
    expect(free.has('src/features/sla/rules/clock.test.ts')).toBe(true);
    for (const file of files) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      if (/test\/(db|app|two-instances)\.ts|openTestDatabase|TEST_DATABASE_URL/.test(text)) {
        expect(free.has(file), file).toBe(false);
      }
    }
    expect(free.size).toBeGreaterThan(40);
    expect(free.size).toBeLessThan(files.length / 2);
  });
});
