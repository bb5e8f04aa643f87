/**
 * mulberry32: tiny, fast, good enough for test data; the same seed gives the same stream. Shared
 * by the benchmarks and the tests (test/helpers/seeded.ts), so randomized runs replay exactly.
 */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
