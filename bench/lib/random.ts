// A seeded pseudo-random generator (xorshift32): the same seed gives the same numbers, so a generated
// runbook or a test's random choices can be replayed from the seed alone.

/** Numbers in [0, 1) from `seed` (any non-zero 32-bit integer; 0 counts as 1). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}
