// The embedded database belongs to one process at a time: the server writes its pid (and, once listening, its port)
// into the data folder, and maintenance commands refuse to touch a folder whose server is still running.
import fs from 'node:fs';
import path from 'node:path';

const LOCK = 'clinidesk.pid';

/** A running Clinidesk server holds the data folder; says which one, so the person can stop it or use its web app. */
export class DataDirBusy extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly port: number | null,
  ) {
    super(
      `The desk is running on ${dataDir} (pid ${pid}${port ? `, port ${port}` : ''}) and holds its database. Stop it first`,
    );
    this.name = 'DataDirBusy';
  }
}

type Holder = { pid: number; port: number | null };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock holds `{"pid":…,"port":…}`, or just the pid while the server is starting (and in older versions). */
function readHolder(file: string): Holder | null {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
  if (/^\d+$/.test(raw)) return { pid: Number(raw), port: null };
  try {
    const parsed = JSON.parse(raw) as { pid?: unknown; port?: unknown };
    if (!Number.isInteger(parsed.pid)) return null;
    return { pid: parsed.pid as number, port: Number.isInteger(parsed.port) ? (parsed.port as number) : null };
  } catch {
    return null;
  }
}

export function assertDataDirFree(dataDir: string) {
  const holder = readHolder(path.join(dataDir, LOCK));
  if (holder && holder.pid > 0 && holder.pid !== process.pid && alive(holder.pid)) {
    throw new DataDirBusy(dataDir, holder.pid, holder.port);
  }
}

/** Claims the data folder for this process; returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  assertDataDirFree(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK);
  fs.writeFileSync(file, String(process.pid));
  return () => {
    if (readHolder(file)?.pid !== process.pid) return;
    try {
      fs.unlinkSync(file);
    } catch {
      // already gone
    }
  };
}

/** Adds the port this process listens on to its lock, so a refused command can say where the desk is. */
export function recordServerPort(dataDir: string, port: number) {
  const file = path.join(dataDir, LOCK);
  if (readHolder(file)?.pid !== process.pid) return;
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, port }));
}
