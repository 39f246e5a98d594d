// The embedded database belongs to one process at a time: the server writes its pid into the data folder,
// and maintenance commands refuse to touch a folder whose server is still running.
import fs from 'node:fs';
import path from 'node:path';

const LOCK = 'clinidesk.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function assertDataDirFree(dataDir: string) {
  const file = path.join(dataDir, LOCK);
  if (!fs.existsSync(file)) return;
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  if (pid && pid !== process.pid && alive(pid)) {
    throw new Error(`A Clinidesk server (pid ${pid}) is using ${dataDir}. Stop it first.`);
  }
}

/** Claims the data folder for this process; returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  assertDataDirFree(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK);
  fs.writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
    } catch {
      // already gone
    }
  };
}
