/** A deterministic stream in [0, 1) so randomized tests replay exactly (the benchmarks' generator). */
export { prng as seeded } from '../../bench/lib/prng.js';
