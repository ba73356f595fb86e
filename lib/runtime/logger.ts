/**
 * Logging. The provider accepts any object with optional `debug`/`info`/`warn`/`error` methods
 * (`console` works). Every line is passed through the redaction guard before it reaches the logger.
 */

/** A logger; each method is optional. `console` satisfies this interface. */
export interface Logger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
  error?(message: string): void;
}

/** Log levels, least to most severe. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Internal logger: prefixes, redacts, and never throws. */
export interface SafeLogger {
  log(level: LogLevel, message: string): void;
}

/** Prefix of every log line. */
export const LOG_PREFIX = 'cce-workload-identity:';

/** Wrap `logger` so that every line is redacted by `redactLine` and logger failures are swallowed. */
export function safeLogger(logger: Logger | undefined, redactLine: (line: string) => string): SafeLogger {
  if (logger === undefined) return { log: () => undefined };
  return {
    log(level, message) {
      const method = logger[level];
      if (typeof method !== 'function') return;
      try {
        method.call(logger, `${LOG_PREFIX} ${redactLine(message)}`);
      } catch {
        // a failing logger must never break credential resolution
      }
    },
  };
}
