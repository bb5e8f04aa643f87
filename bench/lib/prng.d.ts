// Types for test/helpers/seeded.ts, which re-exports this benchmark module.
export function prng(seed: number): () => number;
