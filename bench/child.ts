/** Runs a benchmark module in its own Node process and reads the JSON it prints last. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The repository root. */
export const REPO = join(__dirname, '..');

/** Options of `runChild`. */
export interface ChildOptions {
  /** Extra Node flags (e.g. --expose-gc). */
  readonly nodeFlags?: readonly string[];
  /** Kill the child after this many ms. @default 240000 */
  readonly timeoutMs?: number;
}

/**
 * Spawns `node [flags] --import tsx <file> <args>` with the repository as working directory (so
 * `--import tsx` resolves, as under `npm run`), and returns the JSON object of its last stdout line.
 * Its stderr is passed through.
 */
export function runChild<T>(file: string, args: readonly string[], options: ChildOptions = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', 'tsx', join(REPO, file), ...args], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => { out += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 240_000);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) {
        reject(new Error(`${file} ${args.join(' ')} exited with ${code ?? signal}: ${out.slice(-2000)}`));
        return;
      }
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${file} printed no JSON result: ${out.slice(-2000)}`));
      }
    });
  });
}
