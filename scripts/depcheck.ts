// `npm run depcheck` (a step of `npm test`): the layers of docs/architecture.md, as the rules of
// .dependency-cruiser.cjs, checked by dependency-cruiser over a JavaScript mirror of src/ and web/src/
// (scripts/depcheck-mirror.ts explains why). Prints the violations with the repository's file names; exit code 1
// when there is one. `npm run depcheck -- --output-type dot` (or json, text…) prints the graph in that format.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cruise, format, type ICruiseResult, type OutputType } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { mirrorTree, unmirror } from './depcheck-mirror.ts';

const root = path.resolve(import.meta.dirname, '..');
const roots = ['src', 'web/src'];
const at = process.argv.indexOf('--output-type');
const outputType = (at > 0 ? process.argv[at + 1] : 'err') as OutputType;

const started = Date.now();
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-depcheck-'));
let status = 1;
try {
  const mirrored = await mirrorTree(root, roots, stage);
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
  fs.copyFileSync(path.join(root, 'package.json'), path.join(stage, 'package.json'));
  const options = await extractDepcruiseOptions(path.join(root, '.dependency-cruiser.cjs'));
  process.chdir(stage);
  const { output } = await cruise(roots, options);
  const result = output as ICruiseResult;

  // The mirror must not lose anything: every file that is not excluded is in the graph, type-only imports included.
  const exclude = new RegExp(String((options.exclude as { path?: string } | undefined)?.path ?? '$^'));
  const expected = mirrored.filter((f) => !exclude.test(f)).length;
  const seen = result.modules.filter((m) => roots.some((r) => m.source.startsWith(`${r}/`))).length;
  const typeOnly = result.modules
    .flatMap((m) => m.dependencies)
    .filter((d) => d.dependencyTypes.includes('exotic-require'));
  if (seen !== expected || typeOnly.length === 0) {
    console.error(
      `depcheck: dependency-cruiser saw ${seen} of ${expected} files and ${typeOnly.length} type-only imports.`,
    );
  } else {
    const report = await format(result, { outputType });
    process.stdout.write(unmirror(String(report.output)));
    status = report.exitCode;
    if (outputType === 'err' && status === 0) {
      console.log(`(${seen} files, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  }
} finally {
  process.chdir(root);
  fs.rmSync(stage, { recursive: true, force: true });
}
process.exit(status);
