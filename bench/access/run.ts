/**
 * `access` and `access diff` over 1,000 ServiceAccounts × 10 grants, whole process (spawn → exit),
 * as a user runs them: `node dist-lib/cli/main.js` when the package is built (what `npx` runs in an
 * installed package), else the source checkout's `bin/cce-workload-identity.js` (through tsx).
 * Prints one JSON line: `{ n, grants, runner, matrixMs[], diffMs[], changes }`.
 *
 *   tsx bench/access/run.ts [runs=5]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessBenchTerraform } from './generate';

export const ACCESS_N = 1000;
export const ACCESS_GRANTS = 10;

/** What `bench/access/run.ts` prints. */
export interface AccessBenchResult {
  readonly n: number;
  readonly grants: number;
  readonly runner: string;
  readonly matrixMs: number[];
  readonly diffMs: number[];
  /** CPU time (user + system) of each child, from /proc/self/stat's cutime + cstime; empty where /proc is absent. */
  readonly matrixCpuMs: number[];
  readonly diffCpuMs: number[];
  readonly changes: number;
}

const REPO = join(__dirname, '..', '..');

/** CPU time of waited-for children so far (Linux /proc/self/stat fields 16–17, in clock ticks of 10 ms), or undefined. */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ", field 3 (state) is index 0: cutime is field 16 → index 13, cstime index 14.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

function main(): void {
  const runs = Number(process.argv[2] ?? '5');
  const dir = mkdtempSync(join(tmpdir(), 'cce-wi-access-bench-'));
  try {
    const base = join(dir, 'base.json');
    const head = join(dir, 'head.json');
    writeFileSync(base, JSON.stringify(accessBenchTerraform(ACCESS_N, ACCESS_GRANTS, 'base')));
    writeFileSync(head, JSON.stringify(accessBenchTerraform(ACCESS_N, ACCESS_GRANTS, 'head')));
    const built = join(REPO, 'dist-lib', 'cli', 'main.js');
    const runner = existsSync(built) ? built : join(REPO, 'bin', 'cce-workload-identity.js');
    const time = (args: string[]): { ms: number; cpuMs: number | undefined; stdout: string } => {
      const cpuBefore = childrenCpuMs();
      const started = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [runner, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NODE_OPTIONS: '' } });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (r.status !== 0) throw new Error(`access ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr.slice(0, 2000)}`);
      const cpuAfter = childrenCpuMs();
      return { ms, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore, stdout: r.stdout };
    };
    time(['access', base, '--json']); // warm-up (file cache, tsx cache)
    const matrixMs: number[] = [];
    const diffMs: number[] = [];
    const matrixCpuMs: number[] = [];
    const diffCpuMs: number[] = [];
    let changes = 0;
    for (let i = 0; i < runs; i += 1) {
      const m = time(['access', base, '--json']);
      matrixMs.push(m.ms);
      if (m.cpuMs !== undefined) matrixCpuMs.push(m.cpuMs);
      const d = time(['access', 'diff', '--base', base, '--head', head, '--json']);
      diffMs.push(d.ms);
      if (d.cpuMs !== undefined) diffCpuMs.push(d.cpuMs);
      changes = (JSON.parse(d.stdout) as { changes: unknown[] }).changes.length;
    }
    const result: AccessBenchResult = { n: ACCESS_N, grants: ACCESS_GRANTS, runner: runner.slice(REPO.length + 1), matrixMs, diffMs, matrixCpuMs,
      diffCpuMs, changes };
    console.log(JSON.stringify(result));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
