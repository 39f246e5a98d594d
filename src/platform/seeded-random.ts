// The one seeded pseudo-random generator, so generated data is the same on every run and every machine: the demo
// hospital (src/demo), the call-day simulation (routing) and the benchmarks' inputs.
// sfc32 (a 128-bit state "small fast counting" generator), seeded from a label through FNV-1a; not for secrets
// (those come from node:crypto, platform/auth/secrets.ts).

export type Rng = {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: entries [value, weight]. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** A positive duration (e.g. minutes) with a long right tail: median × e^(σ·z). */
  logNormal(median: number, sigma: number): number;
  /** A new generator whose stream depends only on this one's seed and the label. */
  fork(label: string | number): Rng;
};

function fnv1a(text: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function createRng(seed: string): Rng {
  let a = fnv1a(seed, 0x811c9dc5);
  let b = fnv1a(seed, 0x9e3779b9);
  let c = fnv1a(seed, 0x85ebca6b);
  let d = 1;
  const raw = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) raw();
  const next = () => raw() / 4294967296;
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted(entries) {
      let total = 0;
      for (const [, w] of entries) total += w;
      let r = next() * total;
      for (const [value, w] of entries) {
        r -= w;
        if (r < 0) return value;
      }
      return entries[entries.length - 1]![0];
    },
    logNormal(median, sigma) {
      // Box–Muller; 1 - next() keeps the logarithm finite.
      const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return median * Math.exp(sigma * z);
    },
    fork: (label) => createRng(`${seed}/${label}`),
  };
  return rng;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A UUID v7 (time-ordered, like newId()) whose time is `ms` and whose random bits come from the generator. */
export function uuidAt(rng: Rng, ms: number): string {
  const bytes = new Array<number>(16);
  let t = Math.max(0, Math.floor(ms));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = t % 256;
    t = Math.floor(t / 256);
  }
  for (let i = 6; i < 16; i++) bytes[i] = Math.floor(rng.next() * 256);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const h = bytes.map((x) => HEX[x]!);
  return `${h.slice(0, 4).join('')}-${h.slice(4, 6).join('')}-${h.slice(6, 8).join('')}-${h.slice(8, 10).join('')}-${h.slice(10).join('')}`;
}

/** A fast weighted picker for a fixed list (cumulative weights + binary search). */
export function weightedTable<T>(entries: readonly (readonly [T, number])[]): (rng: Rng) => T {
  const values = entries.map(([v]) => v);
  const cumulative: number[] = [];
  let total = 0;
  for (const [, w] of entries) {
    total += Math.max(0, w);
    cumulative.push(total);
  }
  return (rng) => {
    const r = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return values[lo]!;
  };
}
