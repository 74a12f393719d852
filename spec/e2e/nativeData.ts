import { mulberry32 } from '../summary/support/data';

/** The classic bounds of the end-to-end histogram. */
export const CLASSIC_BOUNDS = [0.01, 0.1, 1];

/** latencies are 3000 seeded latencies in seconds, log-normal around 50 ms. */
export function latencies(): number[] {
  const r = mulberry32(19);
  return Array.from({ length: 3000 }, () => {
    const u = 1 - r();
    const v = r();
    return Math.exp(Math.log(0.05) + 1.2 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  });
}
