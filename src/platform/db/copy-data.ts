// A COPY's data on the embedded database, waiting beside the statement that names it (copy-in-store.ts says why). Apart
// from copy-in-store.ts so that connect.ts, which hands the data to PGlite, needs nothing else of it.
const waiting = new Map<string, Blob>();
let tokens = 0;
const MARK = '/* copy-in:';

/** Keeps `data` until its statement runs; returns the comment that statement must begin with, and a way to drop it. */
export function leaveData(data: Blob): { mark: string; drop: () => void } {
  const token = String(++tokens);
  waiting.set(token, data);
  return { mark: `${MARK}${token} */`, drop: () => waiting.delete(token) };
}

/** The data a statement names (taken: a second run finds none), or undefined for any other statement. */
export function dataFor(text: string): Blob | undefined {
  if (!text.startsWith(MARK)) return undefined;
  const token = text.slice(MARK.length, text.indexOf(' */'));
  const data = waiting.get(token);
  waiting.delete(token);
  return data;
}
