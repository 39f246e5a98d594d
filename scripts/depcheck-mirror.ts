// The JavaScript mirror scripts/depcheck.ts hands to dependency-cruiser.
//
// dependency-cruiser 17 reads TypeScript through the JavaScript API of the `typescript` package, versions 2 to 6;
// TypeScript 7 (the native compiler we type-check with) has no such API, so dependency-cruiser would see no .ts file
// at all. esbuild (here already, through tsx) strips the types of each file instead, into a mirror of the tree named
// `<file>.ts.js`, with relative `.ts` specifiers pointing at the mirrored names. Type-only imports would vanish with
// the types: each becomes a call `__typeOnly('…')`, which .dependency-cruiser.cjs declares an "exotic require", so
// the dependency stays, typed `exotic-require` where dependency-cruiser would say `type-only` on TypeScript.
import fs from 'node:fs';
import path from 'node:path';
import { transform } from 'esbuild';

/** The call a type-only import becomes (`exoticRequireStrings` in .dependency-cruiser.cjs). */
export const TYPE_ONLY_CALL = '__typeOnly';

/**
 * `import type … from 'x'` and `export type … from 'x'` become `__typeOnly('x');`. Every other import stays as
 * written (esbuild keeps them with verbatimModuleSyntax): `import { type A } from 'x'` is `import {} from 'x'`,
 * a real dependency at run time too. Declarations (`export type A = …`) are left alone.
 */
export function keepTypeImports(source: string): string {
  return source.replace(
    /^[ \t]*(?:import|export)\s+type\s[^;'"]*?\sfrom\s*(['"][^'"]+['"])\s*;?/gm,
    `${TYPE_ONLY_CALL}($1);`,
  );
}

/** "./store.ts" → "./store.ts.js": relative specifiers name the mirrored files. */
export function pointAtMirror(code: string): string {
  return code.replace(/(["'])(\.{1,2}\/[^"']*\.tsx?)\1/g, '$1$2.js$1');
}

/** Back from mirrored names to the repository's, in a report. */
export function unmirror(text: string): string {
  return text.replace(/\.(tsx?)\.js\b/g, '.$1');
}

/** A TypeScript file as JavaScript, its dependencies intact. */
export async function mirrorSource(source: string, tsx: boolean): Promise<string> {
  const { code } = await transform(keepTypeImports(source), {
    loader: tsx ? 'tsx' : 'ts',
    format: 'esm',
    jsx: 'automatic',
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  });
  return pointAtMirror(code);
}

/** Mirrors every .ts/.tsx file under `dirs` (relative to `root`) into `stage`; returns the mirrored paths. */
export async function mirrorTree(root: string, dirs: string[], stage: string): Promise<string[]> {
  const files = dirs.flatMap((dir) =>
    fs
      .readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
      .map((f) => path.posix.join(dir, f.split(path.sep).join('/'))),
  );
  await Promise.all(
    files.map(async (rel) => {
      const code = await mirrorSource(fs.readFileSync(path.join(root, rel), 'utf8'), rel.endsWith('.tsx'));
      const out = path.join(stage, `${rel}.js`);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, code);
    }),
  );
  return files;
}
