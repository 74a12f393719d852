/** mulberry32 returns a seeded generator of uniform numbers in [0, 1). */
// @ts-nocheck

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** normal draws from N(mean, sd) by Box-Muller. */
function normal(rand: () => number, mean: number, sd: number): number {
  const u = 1 - rand();
  const v = rand();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** The seeded data sets the accuracy specs record, by name. */
export const DATASETS: Record<string, (n: number) => number[]> = {
  uniform: (n) => {
    const r = mulberry32(1);
    return Array.from({ length: n }, () => r() * 1000);
  },
  lognormal: (n) => {
    const r = mulberry32(2);
    return Array.from({ length: n }, () => Math.exp(normal(r, -3, 1.5)));
  },
  bimodal: (n) => {
    const r = mulberry32(3);
    return Array.from({ length: n }, () => (r() < 0.7 ? normal(r, 0.02, 0.004) : normal(r, 2, 0.3)));
  },
  signed: (n) => {
    const r = mulberry32(4);
    return Array.from({ length: n }, () => {
      const u = r();
      if (u < 0.2) return 0;
      if (u < 0.6) return -Math.exp(normal(r, 0, 2));
      return Math.exp(normal(r, 2, 1));
    });
  },
};

/** The number of values in each data set. */
export const DATASET_SIZE = 3000;
