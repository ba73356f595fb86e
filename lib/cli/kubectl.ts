/**
 * Runs kubectl for `jwks fetch`, so that neither kubectl nor anything it starts outlives the run:
 *
 * - kubectl runs in its own process group (`detached`); on timeout, on too much output and after
 *   kubectl exits, the whole group is killed (a credential plugin it started included);
 * - success is kubectl's exit code and what it printed by then: once kubectl has exited, its
 *   output is drained for at most {@link DRAIN_MS} and the pipes closed, so a helper that still
 *   holds stdout open neither hangs the run nor turns a success into a timeout;
 * - kubectl's own group no longer gets the terminal's Ctrl-C: while it runs, SIGINT, SIGTERM and
 *   SIGHUP kill its group and are then raised again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { excerpt } from '../contract/excerpt';
import { CliError } from './cli-errors';

/** The most kubectl may print: a cluster's JWKS is a few kilobytes. */
export const MAX_KUBECTL_OUTPUT = 1024 * 1024;

/** How long output written before kubectl exited may take to arrive once it has exited. */
export const DRAIN_MS = 250;

/** Kills kubectl's process group (or kubectl alone where there are no groups); never throws. */
function killGroup(child: ChildProcess): void {
  try {
    if (process.platform !== 'win32' && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // the group is gone already
  }
}

/** Runs `kubectl args…` and resolves to its stdout when it exits with 0; rejects with a {@link CliError} otherwise. */
export function runKubectl(kubectl: string, args: readonly string[], timeoutSeconds: number, env: NodeJS.ProcessEnv): Promise<string> {
  const shown = `kubectl ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    // No shell: the arguments reach kubectl as given. --timeout bounds the whole run (credential
    // plugins included); kubectl's own --request-timeout usually reports a hung server first.
    const child = spawn(kubectl, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, detached: process.platform !== 'win32' });
    const stdout: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let settled = false;
    let drain: NodeJS.Timeout | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let open = 2;
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const onSignal = (signal: NodeJS.Signals): void => {
      killGroup(child);
      for (const s of signals) process.off(s, onSignal);
      process.kill(process.pid, signal);
    };
    for (const s of signals) process.on(s, onSignal);
    const settle = (error: Error | undefined, value?: string): void => {
      if (settled) return;
      settled = true;
      for (const s of signals) process.off(s, onSignal);
      clearTimeout(timer);
      if (drain !== undefined) clearTimeout(drain);
      killGroup(child);
      child.stdout?.destroy();
      child.stderr?.destroy();
      if (error) reject(error);
      else resolve(value as string);
    };
    const finish = (): void => {
      if (exit === undefined) return;
      const { code, signal } = exit;
      if (code === 0) return settle(undefined, Buffer.concat(stdout).toString('utf8'));
      // kubectl's own message ("Unauthorized", "connection refused", "context ... does not exist")
      // is the useful part; token-shaped text is redacted and its stdout is never shown.
      const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '').slice(-3)
        .map((l) => excerpt(l, [], 299));
      const status = code === null ? `was stopped by ${signal ?? 'a signal'}` : `exited with code ${code}`;
      settle(new CliError('KUBECTL_FAILED', `${shown} ${status}${lines.length ? `:\n  ${lines.join('\n  ')}` : ''}`));
    };
    const timer = setTimeout(() => settle(new CliError('KUBECTL_TIMEOUT', `${shown} did not finish within ${timeoutSeconds} s `
      + '(--timeout) and was stopped')), timeoutSeconds * 1000);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_KUBECTL_OUTPUT) settle(new CliError('KUBECTL_OUTPUT', `${shown} printed more than ${MAX_KUBECTL_OUTPUT} bytes; that is not a `
        + 'cluster\'s JWKS'));
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-8192);
    });
    const closed = (): void => {
      open--;
      if (open === 0) finish();
    };
    child.stdout.on('close', closed);
    child.stderr.on('close', closed);
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') settle(new CliError('KUBECTL_MISSING', `${kubectl} not found (is kubectl installed and on PATH? --kubectl <path> `
        + 'names another binary)'));
      else if (error.code === 'EACCES') settle(new CliError('KUBECTL_MISSING', `${kubectl} is not executable`));
      else settle(new CliError('KUBECTL_FAILED', `cannot run ${kubectl}: ${error.code ?? 'unknown error'}`));
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Both pipes at EOF: done. Otherwise what kubectl wrote is read for a moment, then the pipes
      // (held open by something kubectl started) are closed.
      if (open === 0) finish();
      else drain = setTimeout(finish, DRAIN_MS);
    });
  });
}
