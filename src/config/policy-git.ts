/**
 * Policy files read from a git revision (`scan --config-from <base>`): the root and nested
 * `.leakproof.toml` and the baseline come from the base branch, so a change under review
 * cannot allow its own secret. Blobs are read with `cat-file` through the hardened runner
 * (no textconv, no filters, no hooks); links and submodules are refused like links on disk.
 */
import { ConfigError, GitError } from '../errors.js';
import type { Repo } from '../git/repo.js';
import { runGit } from '../git/run-git.js';
import { checkPolicySize } from './config.js';
import type { PolicyFiles } from './policy.js';

const MAX_POLICY_BLOB = 1024 * 1024;

interface TreeEntry {
  readonly mode: string;
  readonly type: string;
  readonly oid: string;
}

/** The commit `rev` names, or a one-line GitError (exit 2: nothing was scanned yet). */
export function resolveCommit(repo: Repo, rev: string, flag: string): string {
  if (rev.startsWith('-')) throw new GitError(`${flag}: "${rev}" is not a revision`);
  const res = runGit(['rev-parse', '-q', '--verify', '--end-of-options', `${rev}^{commit}`], repo.ctx, { phase: 'setup', okCodes: [1, 128] });
  const oid = res.stdout.toString('utf8').trim();
  if (res.code !== 0 || oid === '') throw new GitError(`${flag}: unknown revision "${rev}" (fetch it first, e.g. \`git fetch origin ${rev}\`)`);
  return oid;
}

/** Every path of the commit's tree with its mode and blob id (`ls-tree -r -z`, so paths are exact bytes). */
function listTree(repo: Repo, commit: string): Map<string, TreeEntry> {
  const out = runGit(['ls-tree', '-r', '-z', '--full-tree', commit], repo.ctx, { phase: 'setup' }).stdout;
  const tree = new Map<string, TreeEntry>();
  for (const record of out.toString('utf8').split('\0')) {
    const tab = record.indexOf('\t');
    if (tab === -1) continue;
    const [mode, type, oid] = record.slice(0, tab).split(' ');
    if (mode === undefined || type === undefined || oid === undefined) continue;
    tree.set(record.slice(tab + 1), { mode, type, oid });
  }
  return tree;
}

/** Policy files as they are in `commit`; labels read `<rev>:<path>`. */
export function gitPolicyFiles(repo: Repo, commit: string, rev: string): PolicyFiles {
  let tree: Map<string, TreeEntry> | undefined;
  const label = (rel: string): string => `${rev}:${rel}`;
  return {
    label,
    read(rel) {
      tree ??= listTree(repo, commit);
      const entry = tree.get(rel);
      if (entry === undefined) return undefined;
      if (entry.type !== 'blob' || (entry.mode !== '100644' && entry.mode !== '100755')) {
        throw new ConfigError(`${label(rel)}: not a regular file`);
      }
      const res = runGit(['cat-file', 'blob', entry.oid], repo.ctx, { phase: 'setup', maxBuffer: MAX_POLICY_BLOB + 1 });
      return checkPolicySize(res.stdout.toString('utf8'), label(rel));
    },
  };
}

/** Raw content of `path` at `commit`, or why not (for `import gitleaks --ignore`). */
export function readAtCommit(repo: Repo, commit: string, path: string, maxBytes: number): Buffer | { readonly error: string } {
  const res = runGit(['cat-file', '-s', `${commit}:${path}`], repo.ctx, { phase: 'setup', okCodes: [128] });
  if (res.code !== 0) return { error: 'not in that commit (or the commit is not fetched)' };
  const size = Number(res.stdout.toString('utf8').trim());
  if (!Number.isFinite(size) || size > maxBytes) return { error: 'too large to read' };
  return runGit(['cat-file', 'blob', `${commit}:${path}`], repo.ctx, { phase: 'setup', maxBuffer: maxBytes + 1 }).stdout;
}
