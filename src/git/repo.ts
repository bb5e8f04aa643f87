/**
 * Finding the repository the way git does (worktrees, `GIT_DIR`, submodules where `.git` is a
 * file): every path comes from `git rev-parse`, never from joining `.git` by hand.
 */
import { isAbsolute, resolve } from 'node:path';
import { GitError } from '../errors.js';
import { type GitContext, type GitPhase, gitText, runGit } from './run-git.js';

export interface Repo {
  readonly ctx: GitContext;
  /** Top of the working tree; undefined in a bare repository. */
  readonly top: string | undefined;
  /** This worktree's git dir (index, HEAD). */
  readonly gitDir: string;
  /** Shared git dir (objects, refs, hooks, lfs). */
  readonly commonDir: string;
  readonly bare: boolean;
  readonly objectFormat: string;
}

export const TIMEOUT_ENV = 'LEAKPROOF_GIT_TIMEOUT_MS';

/** Opens the repository containing `cwd`; a one-line GitError when there is none. */
export function openRepo(cwd: string, env: Readonly<Record<string, string | undefined>>): Repo {
  const timeout = Number(env[TIMEOUT_ENV]);
  const ctx: GitContext = { cwd, env, ...(Number.isFinite(timeout) && timeout > 0 ? { timeoutMs: timeout } : {}) };
  const res = runGit(
    ['rev-parse', '--is-bare-repository', '--is-inside-work-tree', '--absolute-git-dir', '--git-common-dir', '--show-object-format', '--show-cdup'],
    ctx,
    { phase: 'setup', okCodes: [128] },
  );
  const stderr = res.stderr.toString('utf8');
  if (res.code !== 0) {
    if (/not a git repository/i.test(stderr)) throw new GitError(`not a git repository: ${cwd}`);
    const why = stderr.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
    throw new GitError(`git cannot open the repository at ${cwd}: ${why}`);
  }
  const lines = res.stdout.toString('utf8').split('\n');
  const [bare, inside, gitDir, commonDir, objectFormat, cdup] = lines;
  if (gitDir === undefined || commonDir === undefined || objectFormat === undefined) throw new GitError('git rev-parse gave an unexpected answer');
  const isBare = bare === 'true';
  return {
    ctx,
    top: !isBare && inside === 'true' ? resolve(cwd, cdup ?? '') : undefined,
    gitDir,
    commonDir: isAbsolute(commonDir) ? commonDir : resolve(cwd, commonDir),
    bare: isBare,
    objectFormat,
  };
}

/** The commit HEAD names, or undefined on an unborn branch (before the first commit). */
export function headCommit(repo: Repo, phase: GitPhase = 'setup'): string | undefined {
  const res = runGit(['rev-parse', '-q', '--verify', 'HEAD^{commit}'], repo.ctx, { phase, okCodes: [1] });
  const oid = res.stdout.toString('utf8').trim();
  return res.code === 0 && oid !== '' ? oid : undefined;
}

/** The empty tree in this repository's object format (never a hard-coded SHA-1). */
export function emptyTree(repo: Repo, phase: GitPhase = 'setup'): string {
  // --stdin without --path applies no filters, so attributes cannot run anything here.
  return gitText(['hash-object', '-t', 'tree', '--stdin'], repo.ctx, { phase, input: '' });
}

/** Object ids are opaque hex strings of 40 (SHA-1) or 64 (SHA-256) digits. */
export function isObjectId(value: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(value);
}

/** Git's "no object" id, whatever the length. */
export function isZeroId(value: string): boolean {
  return /^0+$/.test(value);
}
