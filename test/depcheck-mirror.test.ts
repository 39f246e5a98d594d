// The JavaScript mirror that dependency-cruiser reads (scripts/depcheck-mirror.ts) must keep every dependency:
// value imports, type-only imports (as `__typeOnly` calls) and re-exports, with specifiers naming mirrored files.
import { describe, expect, it } from 'vitest';
import { keepTypeImports, mirrorSource, pointAtMirror, unmirror } from '../scripts/depcheck-mirror.ts';

describe('the depcheck mirror', () => {
  it('turns type-only imports and re-exports into __typeOnly calls, one line or several', () => {
    const source = [
      "import type { A } from './a.ts';",
      'import type {',
      '  B,',
      '  C,',
      "} from '../b.ts';",
      "export type { D } from './d.ts';",
      "import type * as E from 'fastify';",
    ].join('\n');
    expect(keepTypeImports(source)).toBe(
      ["__typeOnly('./a.ts');", "__typeOnly('../b.ts');", "__typeOnly('./d.ts');", "__typeOnly('fastify');"].join('\n'),
    );
  });

  it('leaves value imports and type declarations alone', () => {
    const source = [
      "import { type A, b } from './a.ts';",
      "export type Row = { from: 'x' };",
      'export type Alias = Map<string, string>;',
    ].join('\n');
    expect(keepTypeImports(source)).toBe(source);
  });

  it('names mirrored files in relative specifiers, and the report names the real ones', () => {
    expect(pointAtMirror(`import { a } from "./a.ts";\nimport b from '../x/b.tsx';\nimport c from "zod";`)).toBe(
      `import { a } from "./a.ts.js";\nimport b from '../x/b.tsx.js';\nimport c from "zod";`,
    );
    expect(unmirror('src/features/sla/service.ts.js → web/src/App.tsx.js')).toBe(
      'src/features/sla/service.ts → web/src/App.tsx',
    );
  });

  it('keeps every kind of dependency through esbuild', async () => {
    const code = await mirrorSource(
      [
        "import type { Row } from './store.ts';",
        "import { type Viewer } from './rules/visibility.ts';",
        "import { used, unused } from './service.ts';",
        "export { again } from './again.ts';",
        'export const f = (r: Row): number => used(r);',
      ].join('\n'),
      false,
    );
    expect(code).toContain('__typeOnly("./store.ts.js")');
    expect(code).toMatch(/import \{\s*\} from "\.\/rules\/visibility\.ts\.js"/);
    expect(code).toMatch(/import \{ used, unused \} from "\.\/service\.ts\.js"/);
    expect(code).toMatch(/from "\.\/again\.ts\.js"/);
    expect(code).not.toContain(': Row');
  });

  it('compiles JSX without losing the component imports', async () => {
    const code = await mirrorSource("import { Badge } from './Badge.tsx';\nexport const X = () => <Badge />;", true);
    expect(code).toMatch(/from "\.\/Badge\.tsx\.js"/);
  });
});
