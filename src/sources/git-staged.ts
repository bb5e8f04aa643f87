/**
 * `scan --staged`: what the next commit adds. The index is the one git names
 * (`GIT_INDEX_FILE` — `commit -a` and `commit <path>` use temporary ones), content comes from
 * the index blobs (never the working tree), and only lines new relative to HEAD are reported.
 */
import { GitError } from '../errors.js';
import type { Provenance } from '../model.js';
import { ObjectReader } from '../git/cat-file.js';
import { emptyTree, isZeroId, type Repo } from '../git/repo.js';
import { DIFF_FLAGS, type GitContext, runGit } from '../git/run-git.js';
import { addedLinesVsAll, LazyLineSet } from './added-lines.js';
import { type IndexStage, parseLsFilesStages, parseRawZ, pathText, type RawEntry } from './diff-parse.js';
import { type BlobLoader, loadBlob } from './git-blobs.js';
import type { SourceEvent } from './source.js';

export interface GitContentOptions {
  readonly maxFileSize: number;
}

/** Modes whose blob is scanned: regular, executable, symlink (its target string). */
const BLOB_MODES = new Set(['100644', '100755', '100664', '120000']);

export function isBlobMode(mode: string): boolean {
  return BLOB_MODES.has(mode);
}

const STAGED: Provenance = { kind: 'staged' };

/** A change to scan: new content at a path, and the versions it is compared with. */
export interface Change {
  readonly path: string;
  readonly oid: string;
  /** Previous versions; empty when the path is new (every line counts). */
  readonly previous: readonly string[];
}

export interface StagedScan {
  readonly source: AsyncIterable<SourceEvent>;
  /** Top-relative paths whose staged content the commit adds or changes (the `.env` check reuses them). */
  readonly paths: readonly string[];
}

/** Lists the staged changes now (git errors surface before any scanning) and returns the source. */
export function stagedSource(repo: Repo, options: GitContentOptions): StagedScan {
  if (repo.top === undefined) throw new GitError('--staged needs a working tree (this is a bare repository)');
  const base = repo.head ?? emptyTree(repo);
  // Started before the listing so that git's start-up for the content runs alongside it.
  const reader = new ObjectReader(repo.ctx);
  let changes: Change[];
  try {
    // Both listings run from the top: `ls-files` paths are otherwise relative to (and limited to)
    // the current folder while `diff-index` paths are top-relative, and conflicts would not match.
    const top: GitContext = { ...repo.ctx, cwd: repo.top };
    const out = runGit(['diff-index', '--cached', '-r', '-z', '--raw', '--no-abbrev', ...DIFF_FLAGS, base], top, { phase: 'setup' }).stdout;
    const entries = parseRawZ(out);
    const unmerged = entries.some((e) => e.status === 'U') ? conflictStages(top) : new Map<string, IndexStage[]>();
    changes = stagedChanges(entries, unmerged);
  } catch (error) {
    void reader.close();
    throw error;
  }
  return { source: contentEvents(repo, reader, changes, options, () => STAGED), paths: [...new Set(changes.map((c) => c.path))] };
}

function conflictStages(top: GitContext): Map<string, IndexStage[]> {
  const out = runGit(['ls-files', '-u', '-z', '--full-name'], top, { phase: 'setup' }).stdout;
  const byPath = new Map<string, IndexStage[]>();
  for (const s of parseLsFilesStages(out)) {
    const key = s.path.toString('latin1');
    byPath.set(key, [...(byPath.get(key) ?? []), s]);
  }
  return byPath;
}

export function previousOf(mode: string, oid: string): string[] {
  return isZeroId(oid) || !BLOB_MODES.has(mode) ? [] : [oid];
}

/** Pure: raw entries (index vs HEAD) → content to scan. */
export function stagedChanges(entries: readonly RawEntry[], unmerged: ReadonlyMap<string, readonly IndexStage[]>): Change[] {
  const changes: Change[] = [];
  for (const e of entries) {
    const path = pathText(e.path);
    if (e.status === 'U') {
      // Mid-conflict: both sides may end up in the commit, so both are scanned (never "clean").
      const stages = unmerged.get(e.path.toString('latin1'));
      // A conflict whose stages we cannot find is never "nothing to scan".
      if (stages === undefined) throw new GitError(`cannot find the conflict stages of ${path} in the index`);
      for (const s of stages) {
        if (s.stage >= 2 && BLOB_MODES.has(s.mode)) changes.push({ path, oid: s.oid, previous: previousOf(e.srcMode, e.srcOid) });
      }
      continue;
    }
    if (e.status === 'D' || !BLOB_MODES.has(e.dstMode)) continue; // deletions; submodule gitlinks
    changes.push({ path, oid: e.dstOid, previous: previousOf(e.srcMode, e.srcOid) });
  }
  return changes;
}

/** Reads each change's blob once and yields it with the lines it adds; closes `reader` at the end. */
export async function* contentEvents(
  repo: Repo,
  reader: ObjectReader,
  changes: Iterable<Change>,
  options: GitContentOptions,
  provenance: (change: Change) => Provenance,
): AsyncGenerator<SourceEvent> {
  try {
    const loader: BlobLoader = { repo, reader, maxFileSize: options.maxFileSize };
    for (const change of changes) yield await contentEvent(loader, change, provenance(change));
  } finally {
    await reader.close();
  }
}

export async function contentEvent(loader: BlobLoader, change: Change, provenance: Provenance): Promise<SourceEvent> {
  const loaded = await loadBlob(loader, change.oid);
  if (!loaded.ok) return { kind: 'skipped', path: change.path, reason: loaded.reason };
  const { content } = loaded;
  if (change.previous.length === 0) return { kind: 'content', target: { path: change.path, content }, provenance };
  // Read now (pipelined on the same cat-file), compared only if the engine asks: most files
  // have no candidate secret and never need the line diff.
  const previous = await Promise.all(change.previous.map((oid) => loadPrevious(loader, oid)));
  const lines = new LazyLineSet(() => addedLinesVsAll(previous, content));
  return { kind: 'content', target: { path: change.path, content, lines }, provenance };
}

/**
 * A previous version we cannot read (too large, LFS object absent) compares as empty: every
 * line then counts as added, which can only report more.
 */
async function loadPrevious(loader: BlobLoader, oid: string): Promise<Buffer> {
  const loaded = await loadBlob(loader, oid);
  return loaded.ok ? loaded.content : Buffer.alloc(0);
}
