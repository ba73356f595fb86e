/**
 * One scaling measurement in a process of its own: `child.ts <library|baseline> <n> <runs>`.
 * Loads the modules, warms up with n = 1 (3 runs), then synthesizes n bindings `runs` times (GC
 * before each when --expose-gc), each into a fresh temp dir. Peak RSS is read right after the
 * first timed run (process.resourceUsage().maxRSS, the process's high-water mark, so it covers
 * module loading + one synth of n), before later runs could raise it further.
 */
import { join } from 'node:path';
import { synthesizeApps } from '../../lib';
import { maybeGc, median, nowMs, withTempDir } from '../stats';
import { buildScaled } from './app';
import { buildScaledBaseline } from './baseline';

/** What a child reports. */
export interface ScaleChildResult {
  readonly variant: 'library' | 'baseline';
  readonly n: number;
  readonly timesMs: readonly number[];
  readonly medianMs: number;
  /** RSS after loading and warm-up, before the first timed run, in MiB. */
  readonly rssBeforeMiB: number;
  /** Peak RSS (high-water mark) after the first timed run, in MiB. */
  readonly peakRssMiB: number;
}

const JWKS = join(__dirname, '..', '..', 'examples', 'jwks.json');

function once(variant: 'library' | 'baseline', n: number): number {
  return withTempDir('bench-scale-', (dir) => {
    const options = { jwksFile: JWKS, kubernetesOutdir: join(dir, 'dist'), terraformOutdir: join(dir, 'cdktf.out') };
    const t0 = nowMs();
    if (variant === 'library') {
      synthesizeApps(buildScaled(n, options));
    } else {
      const { kubernetes, terraform } = buildScaledBaseline(n, options);
      kubernetes.synth();
      terraform.synth();
    }
    return nowMs() - t0;
  });
}

if (require.main === module) {
  const [variantArg, nArg, runsArg] = process.argv.slice(2);
  const variant = variantArg === 'baseline' ? 'baseline' : 'library';
  const n = Number(nArg);
  const runs = Number(runsArg ?? 3);
  for (let i = 0; i < 3; i++) once(variant, 1);
  maybeGc();
  const rssBeforeMiB = process.memoryUsage().rss / 2 ** 20;
  const timesMs: number[] = [];
  let peakRssMiB = 0;
  for (let i = 0; i < runs; i++) {
    maybeGc();
    timesMs.push(once(variant, n));
    if (i === 0) peakRssMiB = process.resourceUsage().maxRSS / 1024;
  }
  const result: ScaleChildResult = { variant, n, timesMs, medianMs: median(timesMs), rssBeforeMiB, peakRssMiB };
  console.log(JSON.stringify(result));
}
