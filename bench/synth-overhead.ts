/**
 * Synth overhead of the library against the hand-written baseline (bench/baseline), on the
 * bundled example.
 *
 * - In-process (`measureInProcess`, run in a child started with --expose-gc): both programs'
 *   modules are loaded first, each is warmed up, then rounds alternate library/baseline (order
 *   flipped every round) so drift hits both equally; a round is "build both apps + validate +
 *   write dist/ and cdktf.out/ to a fresh temp dir". GC runs before each timed run.
 * - Whole process (`measureProcesses`): spawns the two entry points exactly as `npm run synth`
 *   does (`tsx examples/main.ts` vs `tsx bench/baseline/main.ts`), alternating, each in a fresh
 *   temp working directory (so the repository's dist/ and cdktf.out/ are untouched), after one
 *   warm-up each (fills tsx's transform cache). Wall time from spawn to exit.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExample } from '../examples/app';
import { synthesizeApps } from '../lib';
import { buildBaseline } from './baseline/app';
import { REPO } from './child';
import { maybeGc, median, nowMs, withTempDir } from './stats';

/** One timed run, in phases (ms): building the construct trees, then validating + writing. */
export interface Phases { readonly build: number; readonly synth: number; readonly total: number }

/** Result of the in-process comparison. */
export interface InProcessResult {
  readonly runs: number;
  readonly warmup: number;
  readonly library: readonly Phases[];
  readonly baseline: readonly Phases[];
  readonly libraryMedianMs: number;
  readonly baselineMedianMs: number;
  readonly ratio: number;
  /** Median of the per-round ratios library/baseline (robust to drift between rounds). */
  readonly pairedRatioMedian: number;
}

/** Result of the whole-process comparison. */
export interface ProcessResult {
  readonly runs: number;
  readonly libraryMs: readonly number[];
  readonly baselineMs: readonly number[];
  readonly libraryMedianMs: number;
  readonly baselineMedianMs: number;
  readonly ratio: number;
  /** Median of the per-pair ratios library/baseline. */
  readonly pairedRatioMedian: number;
  readonly command: { readonly library: string; readonly baseline: string };
}

/** The library: what examples/main.ts does (examples/app.ts, then synthesizeApps). */
export function libraryRun(dir: string): Phases {
  const t0 = nowMs();
  const { kubernetes, terraform } = buildExample({ kubernetesOutdir: join(dir, 'dist'), terraformOutdir: join(dir, 'cdktf.out') });
  const t1 = nowMs();
  synthesizeApps({ kubernetes, terraform });
  const t2 = nowMs();
  return { build: t1 - t0, synth: t2 - t1, total: t2 - t0 };
}

/** The hand-written baseline: what bench/baseline/main.ts does (app.ts, then synth() of both apps). */
export function baselineRun(dir: string): Phases {
  const t0 = nowMs();
  const { kubernetes, terraform } = buildBaseline({ kubernetesOutdir: join(dir, 'dist'), terraformOutdir: join(dir, 'cdktf.out') });
  const t1 = nowMs();
  kubernetes.synth();
  terraform.synth();
  const t2 = nowMs();
  return { build: t1 - t0, synth: t2 - t1, total: t2 - t0 };
}

/** In-process comparison; call in a process of its own. */
export function measureInProcess(runs: number, warmup: number): InProcessResult {
  const library: Phases[] = [];
  const baseline: Phases[] = [];
  const lib = (): Phases => withTempDir('bench-lib-', libraryRun);
  const base = (): Phases => withTempDir('bench-base-', baselineRun);
  for (let i = 0; i < warmup; i++) {
    lib();
    base();
  }
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? [lib, base] : [base, lib];
    for (const run of order) {
      maybeGc();
      (run === lib ? library : baseline).push(run());
    }
  }
  const libraryMedianMs = median(library.map((p) => p.total));
  const baselineMedianMs = median(baseline.map((p) => p.total));
  const pairedRatioMedian = median(library.map((l, i) => l.total / baseline[i].total));
  return { runs, warmup, library, baseline, libraryMedianMs, baselineMedianMs, ratio: libraryMedianMs / baselineMedianMs, pairedRatioMedian };
}

function timeProcess(args: readonly string[]): Promise<number> {
  const cwd = mkdtempSync(join(tmpdir(), 'bench-proc-'));
  return new Promise<number>((resolve, reject) => {
    const t0 = nowMs();
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = nowMs() - t0;
      rmSync(cwd, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`${args.join(' ')} exited with ${code}: ${err}`));
      else resolve(ms);
    });
  });
}

/** Whole-process comparison of the two entry points. */
export async function measureProcesses(runs: number): Promise<ProcessResult> {
  const tsxCli = require.resolve('tsx/cli', { paths: [REPO] });
  const tsconfig = join(REPO, 'tsconfig.json');
  const library = [tsxCli, '--tsconfig', tsconfig, join(REPO, 'examples', 'main.ts')];
  const baseline = [tsxCli, '--tsconfig', tsconfig, join(REPO, 'bench', 'baseline', 'main.ts')];
  await timeProcess(library);
  await timeProcess(baseline);
  const libraryMs: number[] = [];
  const baselineMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      libraryMs.push(await timeProcess(library));
      baselineMs.push(await timeProcess(baseline));
    } else {
      baselineMs.push(await timeProcess(baseline));
      libraryMs.push(await timeProcess(library));
    }
  }
  const libraryMedianMs = median(libraryMs);
  const baselineMedianMs = median(baselineMs);
  const show = (a: readonly string[]): string => `node ${a.map((x) => x.replace(`${REPO}/`, '')).join(' ')}`;
  const pairedRatioMedian = median(libraryMs.map((l, i) => l / baselineMs[i]));
  return {
    runs,
    libraryMs,
    baselineMs,
    libraryMedianMs,
    baselineMedianMs,
    ratio: libraryMedianMs / baselineMedianMs,
    pairedRatioMedian,
    command: { library: show(library), baseline: show(baseline) },
  };
}

if (require.main === module) {
  const [runs, warmup] = process.argv.slice(2).map(Number);
  console.log(JSON.stringify(measureInProcess(runs || 21, warmup || 5)));
}
