/**
 * `scan --staged | --git [range] | --pre-push <remote>` → the repository root and a source.
 * Everything git must answer before scanning (is this a repository, does the range exist) is
 * asked here, so those failures are one-line usage errors (exit 2) and never a clean result.
 */
import { GitError, UsageError } from '../errors.js';
import { isObjectId, openRepo, type Repo } from '../git/repo.js';
import { runGit } from '../git/run-git.js';
import { type HistorySpec, planHistory } from './git-history.js';
import { stagedSource } from './git-staged.js';
import { parsePushLines, pushSpec } from './pre-push.js';
import type { SourceEvent } from './source.js';

export type GitScope =
  | { readonly kind: 'staged' }
  | { readonly kind: 'history'; readonly range?: string }
  | { readonly kind: 'pre-push'; readonly remote: string; readonly input: string };

export interface GitScanPlan {
  /** Repository top (the current folder in a bare repository): config and paths are relative to it. */
  readonly root: string;
  readonly source: AsyncIterable<SourceEvent>;
  /** Commits in scope, for history and pre-push scans. */
  readonly commits?: number;
  /** Staged paths, for staged scans. */
  readonly stagedPaths?: readonly string[];
}

export interface GitScanOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly maxFileSize: number;
}

export function planGitScan(scope: GitScope, options: GitScanOptions): GitScanPlan {
  const repo = openRepo(options.cwd, options.env);
  const root = repo.top ?? options.cwd;
  const content = { maxFileSize: options.maxFileSize };
  if (scope.kind === 'staged') {
    const staged = stagedSource(repo, content);
    return { root, source: staged.source, stagedPaths: staged.paths };
  }
  const spec = scope.kind === 'history' ? historySpec(scope.range) : pushSpec(parsePushLines(scope.input), scope.remote, present(repo));
  const plan = scope.kind === 'history' ? withRangeMessage(scope.range, () => planHistory(repo, spec, content)) : planHistory(repo, spec, content);
  return { root, source: plan.source, commits: plan.commits.length };
}

/** A rev-list failure on a user's range reads as what it is: an unknown revision (exit 2). */
function withRangeMessage<T>(range: string | undefined, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    const why = error.message.replace(/^git rev-list failed \(exit \d+\): (fatal: )?/, '');
    throw new GitError(`--git: unknown revision or range "${range ?? '--all'}" (${why})`);
  }
}

function historySpec(range: string | undefined): HistorySpec {
  if (range === undefined) return { options: ['--all'], revisions: [] };
  if (range.trim() === '') throw new UsageError('--git takes a revision range such as origin/main..HEAD (got an empty string)');
  // Revisions go after --end-of-options anyway; a leading dash is never a revision.
  if (range.startsWith('-')) throw new UsageError(`--git takes a revision range, not an option (got "${range}")`);
  return { options: [], revisions: [range] };
}

/** Whether an object exists locally (the remote's old tip may never have been fetched). */
function present(repo: Repo): (oid: string) => boolean {
  return (oid) => {
    const out = runGit(['cat-file', '--batch-check'], repo.ctx, { phase: 'setup', input: `${oid}\n` }).stdout.toString('utf8');
    return isObjectId(oid) && out.startsWith(`${oid} `) && !out.startsWith(`${oid} missing`);
  };
}
