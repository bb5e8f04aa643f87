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
  /** The commit HEAD named when the repository was opened; undefined on an unborn branch. */
  readonly head: string | undefined;
}

export const TIMEOUT_ENV = 'LEAKPROOF_GIT_TIMEOUT_MS';

/** Opens the repository containing `cwd`; a one-line GitError when there is none. */
export function openRepo(cwd: string, env: Readonly<Record<string, string | undefined>>): Repo {
  const timeout = Number(env[TIMEOUT_ENV]);
  const ctx: GitContext = { cwd, env, ...(Number.isFinite(timeout) && timeout > 0 ? { timeoutMs: timeout } : {}) };
  // HEAD rides along (`--verify` applies to the one revision given; the other options still
  // print): one spawn instead of two on the pre-commit path. Exit 1 with every other answer
  // printed means HEAD names no commit yet (an unborn branch).
  const res = runGit(
    ['rev-parse', '--is-bare-repository', '--is-inside-work-tree', '--absolute-git-dir', '--git-common-dir', '--show-object-format', '--show-cdup', '-q', '--verify', 'HEAD^{commit}'],
    ctx,
    { phase: 'setup', okCodes: [1, 128] },
  );
  const stderr = res.stderr.toString('utf8');
  if (res.code === 128) {
    if (/not a git repository/i.test(stderr)) throw new GitError(`not a git repository: ${cwd}`);
    const why = stderr.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
    throw new GitError(`git cannot open the repository at ${cwd}: ${why}`);
  }
  const lines = res.stdout.toString('utf8').split('\n');
  const [bare, inside, gitDir, commonDir, objectFormat] = lines;
  // --show-cdup prints a line (empty at the top) inside a work tree only.
  const cdup = inside === 'true' ? lines[5] : undefined;
  const head = lines[inside === 'true' ? 6 : 5];
  const unexpected = gitDir === undefined || commonDir === undefined || objectFormat === undefined || (inside === 'true' && cdup === undefined);
  if (unexpected || (res.code === 0 && (head === undefined || !isObjectId(head)))) throw new GitError('git rev-parse gave an unexpected answer');
  const isBare = bare === 'true';
  return {
    ctx,
    top: !isBare && inside === 'true' ? resolve(cwd, cdup ?? '') : undefined,
    gitDir,
    commonDir: isAbsolute(commonDir) ? commonDir : resolve(cwd, commonDir),
    bare: isBare,
    objectFormat,
    head: res.code === 0 ? head : undefined,
  };
}

/**
 * `tree 0\0` hashed in each object format git has: the empty tree's id. Constants rather than
 * node:crypto, which costs the pre-commit hook ~2.5 ms to load on a first commit; the tests
 * check them against node:crypto.
 */
export const EMPTY_TREES: ReadonlyMap<string, string> = new Map([
  ['sha1', '4b825dc642cb6eb9a060e54bf8d69288fbee4904'],
  ['sha256', '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321'],
]);

/** The empty tree in this repository's object format (never assumed to be SHA-1). */
export function emptyTree(repo: Repo, phase: GitPhase = 'setup'): string {
  const known = EMPTY_TREES.get(repo.objectFormat);
  if (known !== undefined) return known;
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
