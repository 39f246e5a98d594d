// Waiting in tests for something another process or a background job does: poll until it is there, or fail naming it.

/** Polls `probe` (awaited when it returns a promise) every `everyMs` until it gives something truthy, and returns it;
 *  throws "timed out waiting for <what>" after `ms`. */
export async function until<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  ms = 20_000,
  everyMs = 100,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
