// Browser tests must leave the checkout clean: their screenshots go to a temporary folder unless
// `npm run screenshots` asks for docs/screenshots/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

describe('e2e screenshots', () => {
  it('go to a folder outside the checkout on an ordinary test run', async () => {
    const saved = process.env.CLINIDESK_SCREENSHOTS_DIR;
    delete process.env.CLINIDESK_SCREENSHOTS_DIR;
    try {
      const { SCREENSHOTS } = await import('../e2e/harness.ts');
      expect(path.relative(repoRoot, SCREENSHOTS).startsWith('..')).toBe(true);
      expect(fs.statSync(SCREENSHOTS).isDirectory()).toBe(true);
    } finally {
      if (saved !== undefined) process.env.CLINIDESK_SCREENSHOTS_DIR = saved;
    }
  });

  it('are written only through the harness folder, never straight into docs/', () => {
    const specs = fs.readdirSync(path.join(repoRoot, 'e2e')).filter((file) => file.endsWith('.test.ts'));
    const offenders = specs.filter((file) =>
      fs.readFileSync(path.join(repoRoot, 'e2e', file), 'utf8').includes('docs/screenshots'),
    );
    expect(offenders).toEqual([]);
  });

  it('are refreshed by `npm run screenshots`, which writes docs/screenshots/', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.screenshots).toContain('scripts/screenshots.ts');
    expect(fs.readFileSync(path.join(repoRoot, 'scripts', 'screenshots.ts'), 'utf8')).toContain('docs/screenshots/');
  });
});
