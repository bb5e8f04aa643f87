/**
 * A one-line progress display on stderr for scans that take a while. Shown only on a terminal,
 * never in CI or when stderr is piped (logs must not fill with carriage returns), and only
 * after the scan has run for a second, so short scans — the pre-commit hook above all — print
 * nothing extra. Redrawn at most ten times a second, from the scan's own progress callback:
 * no timer keeps the process alive.
 */
import type { CliIo } from './io.js';

export interface Progress {
  readonly update: (files: number, bytes: number) => void;
  /** Clears the line (if one was drawn). */
  readonly done: () => void;
}

export interface ProgressOptions {
  readonly delayMs?: number;
  readonly intervalMs?: number;
  readonly now?: () => number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function wantsProgress(io: Pick<CliIo, 'stderrIsTty' | 'env'>): boolean {
  const { env } = io;
  // The terminal is asked last: asking makes process.stderr, which a hook run need not pay for.
  return !env.CI && env.TERM !== 'dumb' && env.LEAKPROOF_NO_PROGRESS === undefined && io.stderrIsTty;
}

export function createProgress(io: Pick<CliIo, 'stderr' | 'stderrIsTty' | 'env'>, options: ProgressOptions = {}): Progress | undefined {
  if (!wantsProgress(io)) return undefined;
  const now = options.now ?? (() => performance.now());
  const delay = options.delayMs ?? 1000;
  const interval = options.intervalMs ?? 100;
  const started = now();
  let drawn = false;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let frame = 0;
  return {
    update(files, bytes) {
      const t = now();
      if (t - started < delay || t - lastDraw < interval) return;
      lastDraw = t;
      const seconds = (t - started) / 1000;
      const mb = bytes / 1e6;
      const line = `${SPINNER[frame++ % SPINNER.length] ?? ''} scanning: ${files.toLocaleString('en-US')} files, ${mb.toFixed(1)} MB, ${(mb / seconds).toFixed(1)} MB/s`;
      io.stderr(`\r${line}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) io.stderr('\r\x1b[K');
      drawn = false;
    },
  };
}
