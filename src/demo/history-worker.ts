// Worker thread entry (history-thread.ts starts it): generates the demo's ticket history as the seed's own thread
// would (hospital.ts, the same inputs and so the same rows), and sends each filled set of batches as COPY's text,
// waiting whenever it is SETS_AHEAD sets (or as many as it is given) ahead of the writer.
import { parentPort, workerData } from 'node:worker_threads';
import { type HistoryThreadInput, type HistoryThreadMessage, SETS_AHEAD } from './history-thread.ts';
import { demoHistory, demoHospital } from './hospital.ts';

const input = workerData as HistoryThreadInput & { written: SharedArrayBuffer };
const written = new Int32Array(input.written);
const send = (m: HistoryThreadMessage) => parentPort!.postMessage(m);

const history = demoHistory(demoHospital(input.now, input.passwordHash), input.now, input.tickets, (done, total) =>
  send({ kind: 'progress', done, total }),
);
let sent = 0;
while (!history.finished) {
  await history.generate(async (batches) => {
    const filled = batches.filter((b) => b.size > 0).map((b) => b.take());
    if (!filled.length) return;
    send({ kind: 'batches', batches: filled });
    sent++;
    for (;;) {
      const done = Atomics.load(written, 0);
      if (sent - done <= (input.ahead ?? SETS_AHEAD)) break;
      Atomics.wait(written, 0, done);
    }
  });
}
send({ kind: 'done', counts: history.counts });
