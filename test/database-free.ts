// Which unit test files open no database, so CI's PostgreSQL pass can leave them out (they ran, unchanged, in the
// PGlite pass a few minutes before). Found by reading, not by a list kept by hand: a test file is database-free when
// nothing it imports from this repository, followed to the end, opens a database, starts the server, spawns a
// process or reads DATABASE_URL. A new test that touches a database is therefore run on PostgreSQL without anyone
// remembering to say so.
import fs from 'node:fs';
import path from 'node:path';

/** What marks a module as touching a database (or something outside the process that may). */
const TOUCHES_DATABASE =
  /\b(openDatabase|openTestDatabase|createPgDatabase|startServer|PGlite|child_process|drizzle-orm)\b|DATABASE_URL/;
const RELATIVE_IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function touches(file: string, seen: Map<string, boolean>): boolean {
  const known = seen.get(file);
  if (known !== undefined) return known;
  seen.set(file, false); // a cycle adds nothing new
  const text = fs.readFileSync(file, 'utf8');
  let result = TOUCHES_DATABASE.test(text);
  for (const match of text.matchAll(RELATIVE_IMPORT)) {
    if (result) break;
    const target = path.resolve(path.dirname(file), match[1]!);
    const resolved = [target, `${target}.ts`, `${target}.tsx`, path.join(target, 'index.ts')].find(
      (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
    );
    // An import that does not resolve to a source file here (JSON, CSS): counted as touching, to be safe.
    if (!resolved) result = !/\.(json|css)$/.test(target);
    else if (/\.(ts|tsx|js|mjs)$/.test(resolved)) result = touches(resolved, seen);
  }
  seen.set(file, result);
  return result;
}

/** The unit test files (paths relative to `root`) that open no database, directly or through what they import. */
export function databaseFreeTests(root: string, testFiles: string[]): string[] {
  const seen = new Map<string, boolean>();
  return testFiles.filter((file) => !touches(path.join(root, file), seen));
}

/** Every unit test file under the unit project's folders, relative to `root`. */
export function unitTestFiles(root: string): string[] {
  const files: string[] = [];
  for (const dir of ['src', 'test', 'web/src']) {
    if (!fs.existsSync(path.join(root, dir))) continue;
    for (const entry of fs.readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })) {
      if (entry.endsWith('.test.ts')) files.push(path.join(dir, entry).split(path.sep).join('/'));
    }
  }
  return files.sort();
}
