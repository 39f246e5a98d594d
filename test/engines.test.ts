// Every installed package must run on every Node version the project declares (package.json "engines"), so
// `npm ci` never warns EBADENGINE and the README's promise holds. A dependency update that needs a newer Node fails here.
import fs from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const read = (file: string) => JSON.parse(fs.readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'));
const manifest = read('package.json') as { engines: { node: string } };
const lock = read('package-lock.json') as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

describe('Node versions', () => {
  const declared = manifest.engines.node;

  it('declares a range this machine satisfies', () => {
    expect(semver.validRange(declared)).not.toBeNull();
    expect(semver.satisfies(process.version, declared)).toBe(true);
  });

  it('the lock file records the same declared range', () => {
    expect((lock.packages[''] as { engines?: { node?: string } }).engines?.node).toBe(declared);
  });

  it('every locked package supports every declared Node version', () => {
    const unsupported = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, pkg]) => {
        // Old packages sometimes list engines as an array of strings; those carry no Node constraint npm enforces.
        const range = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
        if (!range || semver.subset(declared, range)) return [];
        return [`${path.replace(/^.*node_modules\//, '')}@${pkg.version} needs node ${range}`];
      });
    expect(unsupported).toEqual([]);
  });
});
