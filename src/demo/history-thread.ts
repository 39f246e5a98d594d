// The demo's ticket history generated in a worker thread while the seed's thread writes it, on the embedded
// database. There the seed's thread does both: generating the rows and their COPY text is JavaScript (~2.5 s of a
// first start's 15,000 tickets), and writing them is the embedded Postgres, also on that thread (~5.5 s), so the
// two waited on each other. Apart, they go on side by side (two cores); the rows are the same rows
// (history-thread.test.ts). A PostgreSQL server writes in its own processes already: there the seed generates in
// its thread, chunk by chunk (HistoryLoader).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Queryable } from '../platform/db/connect.ts';
import { copyInLines } from '../platform/db/copy-in-store.ts';
import type { HistoryCounts, HistorySource } from './load.ts';
import type { BatchLines } from './writer.ts';

/** What the thread is given: the hospital and history to generate (hospital.ts builds the same from them), and how
 *  many sets of batches it may send ahead of the writer (SETS_AHEAD unless given). */
export type HistoryThreadInput = { now: number; tickets: number; passwordHash: string; ahead?: number };

/** What the thread sends: a filled set of batches, progress, or the end with what it generated. */
export type HistoryThreadMessage =
  | { kind: 'batches'; batches: BatchLines[] }
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'done'; counts: HistoryCounts };

/** Sets of batches the thread may have sent ahead of the writer: bounds the memory they hold. A set is 2,000 tickets
 *  with their rows, 3.8–7.4 million characters of COPY text in the default demo (eight sets in all). */
export const SETS_AHEAD = 4;

type TsxManifest = { exports: { './esm/api': { import: { default: string } } } };

/** The thread's entry: the compiled .js beside this module, or the TypeScript source through tsx (tests, tsx). */
function startThread(workerData: unknown): Worker {
  const here = fileURLToPath(import.meta.url);
  const ext = path.extname(here);
  const entry = pathToFileURL(path.join(path.dirname(here), `history-worker${ext}`)).href;
  if (ext !== '.ts') return new Worker(new URL(entry), { workerData });
  // tsx's hooks, registered for the thread by its API's ESM build (`tsx/esm` itself registers for the main thread
  // only, and the API's CommonJS build cannot be imported). Found through tsx's own exports map.
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const api = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as TsxManifest).exports['./esm/api'].import.default;
  const tsx = pathToFileURL(path.join(path.dirname(manifest), api)).href;
  const boot = `import(${JSON.stringify(tsx)})
    .then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** The history of a load that fits one transaction, generated in a worker thread from the moment it is made. */
export class HistoryInThread implements HistorySource {
  private readonly worker: Worker;
  /** [0]: sets of batches written so far (the thread waits when it is SETS_AHEAD ahead). */
  private readonly written = new Int32Array(new SharedArrayBuffer(4));
  private readonly queue: HistoryThreadMessage[] = [];
  private wake: (() => void) | null = null;
  private failure: Error | null = null;
  private ended = false;
  private result: HistoryCounts | null = null;

  /** `total`: the tickets the history holds (HistoryLoader.total of the same inputs). */
  constructor(
    input: HistoryThreadInput,
    readonly total: number,
    private readonly onProgress?: (done: number, total: number) => void,
  ) {
    this.worker = startThread({ ...input, written: this.written.buffer });
    this.worker.on('message', (m: HistoryThreadMessage) => this.arrive(m));
    this.worker.on('error', (err: Error) => this.fail(err));
    this.worker.on('exit', (code) => {
      if (!this.ended) this.fail(new Error(`The demo history's thread stopped (exit code ${code})`));
    });
  }

  get finished(): boolean {
    return this.result !== null;
  }

  get counts(): HistoryCounts {
    if (!this.result) throw new Error('The demo history is not written yet');
    return this.result;
  }

  /** Writes the whole history through `q` (the embedded database), set by set as the thread sends them. */
  async chunk(q: Queryable): Promise<void> {
    for await (const set of this.sets()) {
      for (const b of set) await copyInLines(q, b.table, b.columns, b.text);
    }
  }

  /** The sets of batches in the order the thread sends them; each counts as written when the next is asked for. */
  async *sets(): AsyncGenerator<BatchLines[]> {
    for (;;) {
      const m = await this.next();
      if (m.kind === 'done') {
        this.result = m.counts;
        return;
      }
      if (m.kind === 'progress') {
        this.onProgress?.(m.done, m.total);
        continue;
      }
      yield m.batches;
      Atomics.add(this.written, 0, 1);
      Atomics.notify(this.written, 0);
    }
  }

  /** Sets the thread has sent that are not written yet. */
  get waiting(): number {
    return this.queue.filter((m) => m.kind === 'batches').length;
  }

  /** Stops the thread (at once, if the load ended early). */
  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private arrive(m: HistoryThreadMessage): void {
    if (m.kind === 'done') this.ended = true;
    this.queue.push(m);
    this.wake?.();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wake?.();
  }

  private async next(): Promise<HistoryThreadMessage> {
    for (;;) {
      const m = this.queue.shift();
      if (m) return m;
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
  }
}
