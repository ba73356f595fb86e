/**
 * When `emulate` stops. It holds temporary files (with `--tls`, the CA certificate and nothing
 * else on disk) and listening sockets, so every way its life can end goes through the same clean
 * stop (listeners closed, files removed, "stopped" on stderr, exit code 0):
 *
 * - SIGINT, SIGTERM and SIGHUP (the terminal closed), and the in-process abort signal;
 * - the death of the process that started it, whatever killed it (SIGKILL included, which the
 *   parent cannot forward). `npx cce-workload-identity emulate` runs the emulator as a child of
 *   npm: killing npx's PID leaves the child behind unless it notices. It does by polling its
 *   parent: when the parent exits, the kernel hands the child to another process (init or a
 *   subreaper) and `process.ppid` changes; on Windows, which does not re-parent, the old parent
 *   PID stops answering `kill(pid, 0)`. A parent PID of 1 at start (started by init, or already
 *   orphaned) is not watched. `--outlive-parent` turns the watch off;
 * - the IPC channel to the parent closing (when started with `fork()` / an `ipc` stdio);
 * - its standard output or error closing (`emulate | head -1`): nobody reads what it says.
 *
 * Standard input is not watched: it is often a terminal or /dev/null, whose end says nothing about
 * the parent. The watchers are installed before the emulator starts, so a signal during start-up
 * (the TLS material takes a moment) stops it right after start instead of killing it with its files.
 */

/** How often the parent is checked, in ms. */
const PARENT_POLL_MS = 500;

/** Watchers of the process's standard streams: one listener per stream for the whole process. */
const outputWatchers = new Set<(reason: string) => void>();
let outputHooked = false;

function hookOutput(): void {
  if (outputHooked) return;
  outputHooked = true;
  for (const [name, stream] of [['standard output', process.stdout], ['standard error', process.stderr]] as const) {
    // Kept for the life of the process: a write after the stop (its "stopped" line) may fail too,
    // and an unhandled stream error would turn a clean stop into a crash.
    stream.on('error', (error: NodeJS.ErrnoException) => {
      for (const watcher of outputWatchers) watcher(`${name} closed (${error.code ?? 'error'})`);
    });
  }
}

/** Whether a process with that PID exists (EPERM: it exists, owned by someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Options of {@link watchForStop}. */
export interface StopWatchOptions {
  /** In-process stop. */
  readonly signal?: AbortSignal;
  /** Stop when the parent process exits. */
  readonly withParent: boolean;
}

/** A running watch: `stopped` resolves with the reason once; `dispose()` removes every watcher. */
export interface StopWatch {
  readonly stopped: Promise<string>;
  dispose(): void;
}

/** Starts watching for every reason to stop (see the module comment). */
export function watchForStop(options: StopWatchOptions): StopWatch {
  let resolveStopped: (reason: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => {
    resolveStopped = resolve;
  });
  const cleanups: Array<() => void> = [];
  let done = false;
  const stop = (reason: string): void => {
    if (done) return;
    done = true;
    dispose();
    resolveStopped(reason);
  };
  const dispose = (): void => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  };

  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => stop(name);
    process.on(name, onSignal);
    cleanups.push(() => process.off(name, onSignal));
  }
  const onAbort = (): void => stop('aborted');
  if (options.signal !== undefined) {
    options.signal.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => options.signal?.removeEventListener('abort', onAbort));
  }
  if (options.withParent) {
    const parent = process.ppid;
    if (parent > 1) {
      const timer = setInterval(() => {
        if (process.ppid !== parent || !alive(parent)) stop(`parent process ${parent} exited`);
      }, PARENT_POLL_MS);
      timer.unref(); // the listeners keep the process alive, never this timer
      cleanups.push(() => clearInterval(timer));
    }
    if (process.channel !== undefined && process.channel !== null) {
      const onDisconnect = (): void => stop('IPC channel to the parent closed');
      process.once('disconnect', onDisconnect);
      cleanups.push(() => process.off('disconnect', onDisconnect));
    }
  }
  hookOutput();
  const onOutputClosed = (reason: string): void => stop(reason);
  outputWatchers.add(onOutputClosed);
  cleanups.push(() => outputWatchers.delete(onOutputClosed));
  // Last, once every watcher is registered: stopping disposes them all (checked first, the watchers
  // registered after the stop would stay: a parent poll and listeners no one removes).
  if (options.signal?.aborted === true) onAbort();
  return { stopped, dispose };
}
