/**
 * The one way leakproof runs git. A repository's own config can run programs
 * (`core.fsmonitor`, `diff.external`, textconv drivers, pagers) and reshape output
 * (`core.quotePath`, colour, `diff.noprefix`, rename detection), so every call pins those
 * off. Output stays bytes: paths are bytes, and blobs are whatever they are.
 */
import { spawnSync } from 'node:child_process';
import { GitError, IncompleteScanError } from '../errors.js';

/**
 * Config overrides on every call; `-c` on the command line beats every config file. An empty
 * `diff.external` replaces a hostile one; it is never run because every diff also carries
 * `--no-ext-diff`.
 */
export const HARDENING: readonly string[] = [
  '-c', 'core.fsmonitor=false',
  '-c', 'core.quotePath=false',
  '-c', 'color.ui=false',
  '-c', 'diff.renames=false',
  '-c', 'diff.external=',
  '-c', 'core.pager=cat',
  '-c', 'diff.noprefix=false',
  '--no-pager',
];

/** Flags every diff-family call carries (external diff and textconv run programs). */
export const DIFF_FLAGS: readonly string[] = ['--no-ext-diff', '--no-textconv', '--no-renames', '--no-color'];

export const DEFAULT_GIT_TIMEOUT_MS = 120_000;

/** Where git runs and with what environment (the caller's, so GIT_INDEX_FILE/GIT_DIR pass through). */
export interface GitContext {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
}

/**
 * `setup`: before anything was scanned (a failure is a usage-level GitError, exit 2).
 * `scan`: content was already being scanned (IncompleteScanError, exit 3).
 */
export type GitPhase = 'setup' | 'scan';

export interface RunOptions {
  readonly phase: GitPhase;
  readonly input?: Buffer | string;
  /** Exit codes that are answers rather than failures (e.g. 1 for `rev-parse --verify -q`). */
  readonly okCodes?: readonly number[];
  readonly maxBuffer?: number;
  /** Extra environment for this call only. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface GitResult {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

export function gitEnv(env: Readonly<Record<string, string | undefined>>, extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  // C locale: messages we quote are stable; no prompts for credentials; no index refresh writes.
  return { ...out, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', ...extra };
}

export function gitFailure(phase: GitPhase, message: string): Error {
  return phase === 'setup' ? new GitError(message) : new IncompleteScanError(`${message} (scan incomplete)`);
}

/** First line git wrote to stderr: its error message (git never echoes file content there). */
export function firstLine(stderr: Buffer | string): string {
  const text = typeof stderr === 'string' ? stderr : stderr.toString('utf8');
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

export function runGit(args: readonly string[], ctx: GitContext, options: RunOptions): GitResult {
  const name = args.find((a) => !a.startsWith('-')) ?? 'git';
  const res = spawnSync('git', [...HARDENING, ...args], {
    cwd: ctx.cwd,
    env: gitEnv(ctx.env, options.env),
    input: options.input ?? '',
    timeout: ctx.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: options.maxBuffer ?? 1024 * 1024 * 1024,
    windowsHide: true,
  });
  if (res.error) {
    const code = (res.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new GitError('git is not installed or not on PATH');
    if (code === 'ETIMEDOUT') throw gitFailure(options.phase, `git ${name} timed out after ${Math.round((ctx.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS) / 1000)} s`);
    if (code === 'ENOBUFS') throw gitFailure(options.phase, `git ${name} produced more output than leakproof can hold`);
    throw gitFailure(options.phase, `cannot run git ${name} (${code ?? res.error.message})`);
  }
  const status = res.status ?? -1;
  if (res.signal !== null) throw gitFailure(options.phase, `git ${name} was killed (${res.signal})`);
  if (status !== 0 && !(options.okCodes ?? []).includes(status)) {
    const why = firstLine(res.stderr);
    throw gitFailure(options.phase, `git ${name} failed (exit ${status})${why ? `: ${why}` : ''}`);
  }
  return { code: status, stdout: res.stdout, stderr: res.stderr };
}

/** Runs git and returns stdout as text without the trailing newline. */
export function gitText(args: readonly string[], ctx: GitContext, options: RunOptions): string {
  return runGit(args, ctx, options).stdout.toString('utf8').replace(/\n$/, '');
}
