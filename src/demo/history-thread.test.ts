// The demo history generated in a worker thread (history-thread.ts) is the history the seed's own thread generates:
// the same COPY text, table by table, and the same counts; the thread stays a bounded number of sets ahead of a
// writer that does not keep up, and stops when it is closed before the end.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { until } from '../../test/until.ts';
import { HistoryInThread } from './history-thread.ts';
import { demoHistory, demoHospital } from './hospital.ts';
import { HISTORY_TABLES } from './load.ts';

const now = Date.parse('2026-11-30T08:00:00Z');
const passwordHash = 'not-a-real-hash';

/** Each table's COPY text, in the order it was handed over. */
function byTable(sets: { table: string; text: string }[][]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const set of sets) for (const b of set) texts.set(b.table, (texts.get(b.table) ?? '') + b.text);
  return texts;
}

describe('the demo history generated in a thread', () => {
  it('is the history generated in the seed’s own thread: the same rows, in the same order, and counts', async () => {
    const tickets = 2_500;
    const here = demoHistory(demoHospital(now, passwordHash), now, tickets);
    const hereSets: { table: string; text: string }[][] = [];
    while (!here.finished) {
      await here.generate(async (batches) => {
        hereSets.push(batches.filter((b) => b.size > 0).map((b) => b.take()));
      });
    }
    const thread = new HistoryInThread({ now, tickets, passwordHash }, here.total);
    const threadSets: { table: string; text: string }[][] = [];
    try {
      for await (const set of thread.sets()) threadSets.push(set);
    } finally {
      await thread.close();
    }
    const expected = byTable(hereSets);
    expect([...expected.keys()]).toEqual([...HISTORY_TABLES]);
    expect(expected.get('tickets')!.split('\n').length - 1).toBe(here.counts.tickets);
    expect(byTable(threadSets)).toEqual(expected);
    expect(thread.finished).toBe(true);
    expect(thread.counts).toEqual(here.counts);
  }, 60_000);

  it('waits when it is the given number of sets ahead of the writer, and goes on as they are written', async () => {
    const thread = new HistoryInThread({ now, tickets: 12_000, passwordHash, ahead: 2 }, 12_000);
    try {
      // Nothing written yet: the thread sends three sets (two ahead of the one being written) and waits.
      const sets = thread.sets();
      await until('three sets sent', () => thread.waiting >= 3);
      await sleep(1_000); // time for several more, had it not waited
      expect(thread.waiting).toBe(3);
      let written = 0;
      for await (const _ of sets) written++;
      expect(written).toBeGreaterThan(3);
      expect(thread.counts.tickets).toBeGreaterThan(11_000);
    } finally {
      await thread.close();
    }
  }, 60_000);

  it('stops when closed before the end', async () => {
    const thread = new HistoryInThread({ now, tickets: 50_000, passwordHash, ahead: 1 }, 50_000);
    const first = await thread.sets().next();
    expect(first.done).toBe(false);
    await thread.close();
    expect(thread.finished).toBe(false);
  }, 60_000);
});
