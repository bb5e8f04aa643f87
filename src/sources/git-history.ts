/**
 * `scan --git [range]`: every commit in the range (all refs by default), oldest first. Each
 * commit is compared with each of its parents; content counts as introduced by a commit when
 * it is new relative to every parent, so a merge is charged only for what its conflict
 * resolution wrote and not again for what the merged branch already brought. Each distinct
 * blob (at a path) is scanned once, for the first commit that introduced it. Commit messages
 * are scanned too.
 */
import type { Provenance } from '../model.js';
import { ObjectReader } from '../git/cat-file.js';
import { parseCommitObject } from '../git/commit-object.js';
import { isZeroId, type Repo } from '../git/repo.js';
import { DIFF_FLAGS, gitText, runGit } from '../git/run-git.js';
import { type CommitParents, DiffParseError, parseDiffTreeStdin, parseRevListParents, pathText, type RawEntry } from './diff-parse.js';
import type { BlobLoader } from './git-blobs.js';
import { type Change, contentEvent, type GitContentOptions, isBlobMode, previousOf } from './git-staged.js';
import type { SourceEvent } from './source.js';

/** What to walk: trusted rev-list options, then revisions given after `--end-of-options`. */
export interface HistorySpec {
  readonly options: readonly string[];
  readonly revisions: readonly string[];
}

export interface HistoryPlan {
  readonly commits: readonly CommitParents[];
  readonly source: AsyncIterable<SourceEvent>;
}

/** Path under which commit messages are reported. */
export const MESSAGE_PATH = '<commit message>';

const CHUNK = 256;

/** Lists the commits now (a bad range is a GitError before anything is scanned). */
export function planHistory(repo: Repo, spec: HistorySpec, options: GitContentOptions): HistoryPlan {
  const commits =
    spec.revisions.length === 0 && spec.options.length === 0
      ? []
      : parseRevListParents(
          gitText(['rev-list', '--reverse', '--topo-order', '--parents', ...spec.options, '--end-of-options', ...spec.revisions], repo.ctx, {
            phase: 'setup',
          }),
        );
  return { commits, source: historyEvents(repo, commits, options) };
}

async function* historyEvents(repo: Repo, commits: readonly CommitParents[], options: GitContentOptions): AsyncGenerator<SourceEvent> {
  if (commits.length === 0) return;
  const reader = new ObjectReader(repo.ctx);
  const loader: BlobLoader = { repo, reader, maxFileSize: options.maxFileSize };
  const seen = new Set<string>();
  try {
    for (let i = 0; i < commits.length; i += CHUNK) {
      const chunk = commits.slice(i, i + CHUNK);
      const diffs = diffChunk(repo, chunk);
      for (const c of chunk) {
        const raw = await reader.read(c.commit);
        if (raw.kind !== 'ok' || raw.type !== 'commit') {
          yield { kind: 'skipped', path: `commit ${c.commit.slice(0, 12)}`, reason: 'commit object cannot be read' };
          continue;
        }
        const info = parseCommitObject(raw.content);
        const provenance: Provenance = { kind: 'commit', commit: c.commit, authorDate: info.authorDate };
        if (info.message.length > 0) {
          yield { kind: 'content', target: { path: MESSAGE_PATH, content: info.message }, provenance: { ...provenance, message: true } };
        }
        for (const change of introduced(diffs.get(c.commit) ?? [])) {
          const key = `${change.oid}\0${change.path}`;
          if (seen.has(key)) continue;
          seen.add(key);
          yield await contentEvent(loader, change, provenance);
        }
      }
    }
  } finally {
    await reader.close();
  }
}

/**
 * One `diff-tree --stdin` for a chunk: a line `<commit> <parent>` per parent (a root commit
 * alone, against the empty tree). `--always` prints a header even for an empty diff, so the
 * blocks line up with the input lines.
 */
function diffChunk(repo: Repo, chunk: readonly CommitParents[]): Map<string, RawEntry[][]> {
  const lines: string[] = [];
  for (const c of chunk) {
    if (c.parents.length === 0) lines.push(c.commit);
    else for (const p of c.parents) lines.push(`${c.commit} ${p}`);
  }
  const out = runGit(['diff-tree', '--stdin', '--always', '--root', '-r', '-z', '--raw', '--no-abbrev', ...DIFF_FLAGS], repo.ctx, {
    phase: 'scan',
    input: `${lines.join('\n')}\n`,
  }).stdout;
  const blocks = parseDiffTreeStdin(out);
  if (blocks.length !== lines.length) throw new DiffParseError(`git diff-tree answered ${blocks.length} of ${lines.length} comparisons`);
  const byCommit = new Map<string, RawEntry[][]>();
  blocks.forEach((block, i) => {
    if (!lines[i]?.startsWith(block.commit)) throw new DiffParseError('git diff-tree answered out of order');
    byCommit.set(block.commit, [...(byCommit.get(block.commit) ?? []), [...block.entries]]);
  });
  return byCommit;
}

/**
 * Pure: per-parent raw diffs of one commit → content it introduced. A path left unchanged
 * relative to any parent is absent from that parent's diff and introduces nothing.
 */
export function introduced(perParent: readonly (readonly RawEntry[])[]): Change[] {
  const [first, ...others] = perParent;
  if (first === undefined) return [];
  const otherMaps = others.map((entries) => new Map(entries.map((e) => [e.path.toString('latin1'), e])));
  const changes: Change[] = [];
  for (const e of first) {
    if (e.status === 'D' || !isBlobMode(e.dstMode) || isZeroId(e.dstOid)) continue; // gitlinks: nothing here to scan
    const key = e.path.toString('latin1');
    const rest = otherMaps.map((m) => m.get(key));
    if (rest.some((o) => o === undefined || o.dstOid !== e.dstOid)) continue;
    // A parent without the path makes every line new relative to it, so only the parents that
    // had the file decide which lines are new; none had it: the whole file is new.
    const previous = [e, ...rest].flatMap((o) => (o === undefined ? [] : previousOf(o.srcMode, o.srcOid)));
    changes.push({ path: pathText(e.path), oid: e.dstOid, previous });
  }
  return changes;
}
