// The server's heap growth (heap.ts): set while running, unless Node was started with its own, and it does keep a
// churning heap smaller. The second is measured in child processes, each with a fresh V8: the same program, with and
// without the limit, keeps ~40 MiB alive while it allocates and drops ~1 GiB, and reports the largest heap it had.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { limitHeapGrowth } from './heap.ts';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const heapModule = new URL('./heap.ts', import.meta.url).href;

/** The largest heap (MiB) a program reached that keeps ~40 MiB alive and churns through the rest. */
function peakHeapMib(limited: boolean): number {
  const program = `
    import { limitHeapGrowth } from ${JSON.stringify(heapModule)};
    if (${limited}) limitHeapGrowth();
    const alive = [];
    for (let i = 0; i < 400_000; i++) alive.push({ i, text: 'kept ' + i, list: [i] });
    const recent = [];
    let peak = 0;
    for (let round = 0; round < 200; round++) {
      const batch = [];
      for (let i = 0; i < 20_000; i++) batch.push({ round, i, text: 'dropped ' + i });
      recent.push(batch);
      if (recent.length > 20) recent.shift();
      peak = Math.max(peak, process.memoryUsage().heapTotal);
    }
    console.log(Math.round(peak / 2 ** 20), alive.length);`;
  const out = execFileSync(process.execPath, ['--import', tsx, '--input-type=module', '-e', program], {
    encoding: 'utf8',
  });
  return Number(out.trim().split(' ')[0]);
}

describe('the server heap growth', () => {
  it('leaves a growth given on the command line as it is', () => {
    expect(limitHeapGrowth(['--heap-growing-percent=20'])).toBe(false);
    expect(limitHeapGrowth(['--heap-growing-percent', '20'])).toBe(false);
    expect(limitHeapGrowth(['--enable-source-maps'])).toBe(true);
  });

  it('keeps a churning heap well under the size V8 lets it reach by default', () => {
    const unlimited = peakHeapMib(false);
    const limited = peakHeapMib(true);
    expect(unlimited).toBeGreaterThan(100);
    expect(limited).toBeLessThan(unlimited * 0.75);
  }, 60_000);
});
