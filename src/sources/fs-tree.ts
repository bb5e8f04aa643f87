/**
 * Directory walk honouring nested `.gitignore` and `.leakproofignore` files. A hand-written
 * walk rather than fast-glob: git's semantics need each ignore file applied relative to its
 * own folder, deeper files overriding shallower ones, and ignored folders never entered.
 */
import { type Dirent, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { readFileCapped } from './read-file.js';
import type { SourceEvent } from './source.js';
import type { Ignore } from 'ignore';
import { newIgnore as ignore } from './ignore-matcher.js';

const IGNORE_FILES = ['.gitignore', '.leakproofignore'] as const;
const MAX_IGNORE_FILE_BYTES = 1024 * 1024;

interface Matcher {
  /** Folder of the ignore file, relative to the root, '' or ending in '/'. */
  readonly base: string;
  readonly ig: Ignore;
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function readIgnoreFiles(dirAbs: string, base: string): Matcher | undefined {
  let ig: Ignore | undefined;
  for (const name of IGNORE_FILES) {
    // Regular files only (a FIFO must not hang the walk), not followed when linked (as git),
    // capped: one that cannot be read ignores nothing, so more is scanned, never less.
    const read = readFileCapped(join(dirAbs, name), MAX_IGNORE_FILE_BYTES, { noFollow: true });
    if (!read.ok) continue;
    ig ??= ignore();
    ig.add(read.content.toString('utf8'));
  }
  return ig === undefined ? undefined : { base, ig };
}

function isIgnored(matchers: readonly Matcher[], rel: string, dir: boolean): boolean {
  let ignored = false;
  for (const { base, ig } of matchers) {
    if (!rel.startsWith(base)) continue;
    const local = rel.slice(base.length) + (dir ? '/' : '');
    const { ignored: yes, unignored } = ig.test(local);
    if (yes) ignored = true;
    else if (unignored) ignored = false;
  }
  return ignored;
}

export interface WalkOptions {
  /** Apply `.gitignore` / `.leakproofignore` (default true). */
  readonly useIgnoreFiles?: boolean;
}

/** Yields every regular file below `rootAbs` that is not ignored (other non-ignored entries as skipped); symlinks are not followed. */
export function* walkTree(rootAbs: string, options: WalkOptions = {}): Generator<SourceEvent> {
  const useIgnore = options.useIgnoreFiles ?? true;
  const stack: { abs: string; rel: string; matchers: readonly Matcher[] }[] = [
    { abs: rootAbs, rel: '', matchers: [] },
  ];
  while (stack.length > 0) {
    const dir = stack.pop();
    if (dir === undefined) break;
    const local = useIgnore ? readIgnoreFiles(dir.abs, dir.rel) : undefined;
    const matchers = local ? [...dir.matchers, local] : dir.matchers;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir.abs, { withFileTypes: true });
    } catch (error) {
      yield { kind: 'skipped', path: dir.rel || '.', reason: `cannot list folder (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    const subdirs: typeof stack = [];
    for (const entry of entries) {
      const rel = dir.rel + entry.name;
      if (entry.isDirectory()) {
        if (entry.name === '.git') continue;
        if (isIgnored(matchers, rel, true)) continue;
        subdirs.push({ abs: join(dir.abs, entry.name), rel: `${rel}/`, matchers });
      } else if (entry.isFile()) {
        if (isIgnored(matchers, rel, false)) continue;
        yield { kind: 'file', absPath: join(dir.abs, entry.name), path: rel };
      } else if (!entry.isSymbolicLink()) {
        // A FIFO, socket or device is never read (it could block or never end), but it is
        // reported as not scanned rather than passed over in silence.
        if (isIgnored(matchers, rel, false)) continue;
        yield { kind: 'skipped', path: rel, reason: 'not a regular file' };
      }
      // Symlinks are not followed.
    }
    stack.push(...subdirs);
  }
}

/**
 * Paths named on the command line: folders are walked, files are scanned even when ignored
 * (naming a file is an explicit request). Reported paths are relative to `rootAbs`.
 */
export function* pathsSource(pathsAbs: readonly string[], rootAbs: string, options: WalkOptions = {}): Generator<SourceEvent> {
  for (const abs of pathsAbs) {
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
    } catch (error) {
      throw new UsageError(`cannot read ${abs} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const prefix = toPosix(relative(rootAbs, abs));
    if (!isDir) {
      yield { kind: 'file', absPath: abs, path: prefix || abs };
      continue;
    }
    for (const event of walkTree(abs, options)) {
      if (event.kind === 'file' || event.kind === 'skipped') {
        const path = prefix && prefix !== '.' ? `${prefix}/${event.path}` : event.path;
        yield { ...event, path };
      } else {
        yield event;
      }
    }
  }
}
