/** Runs the scaling measurements, one child process per (variant, size). */
import { runChild } from '../child';
import type { ScaleChildResult } from './child';

/** Binding counts measured. */
export const SIZES = [1, 10, 100, 1000] as const;

/** Timed runs per size (after the child's warm-up). */
export function runsFor(n: number): number {
  return n >= 1000 ? 3 : n >= 100 ? 5 : n >= 10 ? 11 : 21;
}

/** Library and baseline results for every size. */
export interface ScaleResults {
  readonly library: readonly ScaleChildResult[];
  readonly baseline: readonly ScaleChildResult[];
}

/** Measures every size for both variants (alternating which goes first). */
export async function measureScaling(log: (line: string) => void): Promise<ScaleResults> {
  const library: ScaleChildResult[] = [];
  const baseline: ScaleChildResult[] = [];
  for (const [i, n] of SIZES.entries()) {
    const order: Array<'library' | 'baseline'> = i % 2 === 0 ? ['library', 'baseline'] : ['baseline', 'library'];
    for (const variant of order) {
      const r = await runChild<ScaleChildResult>('bench/scale/child.ts', [variant, String(n), String(runsFor(n))], { nodeFlags: ['--expose-gc'] });
      (variant === 'library' ? library : baseline).push(r);
      log(`  scale ${variant.padEnd(8)} n=${String(n).padStart(4)}: median ${r.medianMs.toFixed(1)} ms of ${r.timesMs.length}, peak RSS `
        + `${r.peakRssMiB.toFixed(1)} MiB`);
    }
  }
  return { library, baseline };
}
