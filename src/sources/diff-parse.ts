/**
 * Pure parsers for git's NUL-separated listings (`--raw -z`, `diff-tree --stdin`,
 * `ls-files -u -z`, `rev-list --parents`). Paths stay bytes until they are reported; with
 * `-z` git neither quotes nor escapes them, so names with newlines, quotes or tabs survive.
 */
import { IncompleteScanError } from '../errors.js';

/** One `--raw` record: `:<src mode> <dst mode> <src oid> <dst oid> <status>` + path(s). */
export interface RawEntry {
  readonly srcMode: string;
  readonly dstMode: string;
  readonly srcOid: string;
  readonly dstOid: string;
  /** A, M, D, T, U, X (and R/C with a score if rename detection were ever on). */
  readonly status: string;
  /** Destination path, bytes. */
  readonly path: Buffer;
}

/** Git said something we do not understand: the scan cannot claim to be complete (exit 3). */
export class DiffParseError extends IncompleteScanError {
}

/** Splits on NUL; a trailing NUL does not make an empty last field. */
function fields(out: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = out.indexOf(0); i !== -1; i = out.indexOf(0, start)) {
    parts.push(out.subarray(start, i));
    start = i + 1;
  }
  if (start < out.length) parts.push(out.subarray(start));
  return parts;
}

const ENTRY = /^:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])(\d*)$/;

class Cursor {
  private i = 0;
  constructor(private readonly parts: readonly Buffer[]) {}
  done(): boolean {
    return this.i >= this.parts.length;
  }
  peek(): Buffer | undefined {
    return this.parts[this.i];
  }
  next(what: string): Buffer {
    const part = this.parts[this.i++];
    if (part === undefined) throw new DiffParseError(`truncated git output: expected ${what}`);
    return part;
  }
}

function isEntryStart(part: Buffer | undefined): boolean {
  return part !== undefined && part[0] === 0x3a; // ':'
}

function readEntry(cur: Cursor): RawEntry {
  const head = cur.next('a raw diff record').toString('latin1');
  const m = ENTRY.exec(head);
  if (!m) throw new DiffParseError(`unexpected raw diff record "${head.slice(0, 120)}"`);
  const [, srcMode = '', dstMode = '', srcOid = '', dstOid = '', status = ''] = m;
  // Renames and copies carry the source path first; we only ever need the destination.
  if (status === 'R' || status === 'C') cur.next('a source path');
  const path = cur.next('a path');
  return { srcMode, dstMode, srcOid, dstOid, status, path };
}

/** `git diff-index|diff-tree --raw -z` output for one comparison. */
export function parseRawZ(out: Buffer): RawEntry[] {
  const cur = new Cursor(fields(out));
  const entries: RawEntry[] = [];
  while (!cur.done()) entries.push(readEntry(cur));
  return entries;
}

export interface DiffBlock {
  readonly commit: string;
  readonly entries: readonly RawEntry[];
}

/**
 * `git diff-tree --stdin --always -r -z --raw` output: for each input line a header (the
 * commit id) followed by its records. Records start with ':'; paths are consumed by count, so
 * a path that looks like a header or a record cannot confuse the parser.
 */
export function parseDiffTreeStdin(out: Buffer): DiffBlock[] {
  const cur = new Cursor(fields(out));
  const blocks: DiffBlock[] = [];
  while (!cur.done()) {
    const commit = cur.next('a commit id').toString('latin1').trim();
    if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(commit)) throw new DiffParseError(`unexpected diff-tree header "${commit.slice(0, 80)}"`);
    const entries: RawEntry[] = [];
    while (isEntryStart(cur.peek())) entries.push(readEntry(cur));
    blocks.push({ commit, entries });
  }
  return blocks;
}

export interface IndexStage {
  readonly mode: string;
  readonly oid: string;
  /** 1 = common ancestor, 2 = ours, 3 = theirs. */
  readonly stage: number;
  readonly path: Buffer;
}

/** `git ls-files -u -z` (or `--stage -z`): `<mode> <oid> <stage>\t<path>`. */
export function parseLsFilesStages(out: Buffer): IndexStage[] {
  return fields(out).map((part) => {
    const tab = part.indexOf(9);
    const meta = (tab === -1 ? '' : part.subarray(0, tab).toString('latin1')).split(' ');
    const [mode = '', oid = '', stage = ''] = meta;
    if (tab === -1 || meta.length !== 3 || !/^\d{6}$/.test(mode) || !/^[0-9a-f]+$/.test(oid) || !/^[0-3]$/.test(stage)) {
      throw new DiffParseError(`unexpected ls-files record "${part.toString('latin1').slice(0, 120)}"`);
    }
    return { mode, oid, stage: Number(stage), path: part.subarray(tab + 1) };
  });
}

export interface CommitParents {
  readonly commit: string;
  readonly parents: readonly string[];
}

/** `git rev-list --parents` output: one line per commit, the commit then its parents. */
export function parseRevListParents(out: string): CommitParents[] {
  const commits: CommitParents[] = [];
  for (const line of out.split('\n')) {
    if (line.trim() === '') continue;
    const ids = line.trim().split(' ');
    if (!ids.every((id) => /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(id))) throw new DiffParseError(`unexpected rev-list line "${line.slice(0, 200)}"`);
    const [commit = '', ...parents] = ids;
    commits.push({ commit, parents });
  }
  return commits;
}

/** A path as reported: UTF-8 (invalid bytes become U+FFFD), always `/`-separated by git. */
export function pathText(path: Buffer): string {
  return path.toString('utf8');
}
