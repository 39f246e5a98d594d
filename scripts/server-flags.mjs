// The Node flags the server process starts with wherever this project starts it (`npm start`, the bench), so the
// bench measures what `npm start` serves. A young generation of 2 × 4 MiB instead of V8's 2 × 16 MiB: with the heap's
// growth limited (src/platform/heap.ts), the server under ten clients stays at ~330–400 MiB resident on the embedded
// database instead of 440–610, at the same throughput (docs/benchmarks.md, 2026-12-06). Someone running
// `clinidesk serve` directly can give it the same through NODE_OPTIONS (docs/configuration.md).
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=4'];
