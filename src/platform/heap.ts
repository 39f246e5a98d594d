// How the server's JavaScript heap grows. V8 lets a busy server's heap grow to several times what it holds before a
// full collection (docs/benchmarks.md 2026-12-06: ~70 MiB live, swinging up to ~300 MiB under ten clients), and the
// embedded database's WebAssembly memory sits beside it in the same process. Growing the heap by half its live size
// at most between full collections keeps the server within the 400 MiB without a hard ceiling, so a larger
// export or report still gets the memory it needs instead of stopping the process.
//
// The young generation's size can only be set when Node starts: the launchers this project owns (`npm start`, the
// bench) pass SERVER_NODE_FLAGS (scripts/server-flags.mjs); this one can be set while running, so every way of
// starting the server gets it here.
import v8 from 'node:v8';

/** Between two full collections the old generation grows by at most this share of what the last one kept. */
export const HEAP_GROWING_PERCENT = 50;

const FLAG = '--heap-growing-percent';

/** Sets the heap's growth unless Node was started with its own; says whether it set it. */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((a) => a === FLAG || a.startsWith(`${FLAG}=`))) return false;
  v8.setFlagsFromString(`${FLAG}=${HEAP_GROWING_PERCENT}`);
  return true;
}
