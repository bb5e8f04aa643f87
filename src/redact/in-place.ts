/**
 * `redact --in-place`: rewrite a file with its secrets replaced, atomically. The redacted copy
 * is written to a temporary file in the same folder (so the final rename never crosses file
 * systems), given the original's mode, flushed, and renamed over the original. There is no
 * backup copy: keeping the secret next to the redacted file would defeat the point. If the
 * file changes while it is being read (an agent still appending to its transcript) nothing is
 * replaced and the caller is told to retry, rather than losing the appended lines.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, lstatSync, realpathSync, type Stats } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isKnownError, UsageError } from '../errors.js';
import { type RedactOptions, type RedactStats, redactStream } from './filter.js';
import type { LocateContext } from './locate.js';

export interface InPlaceResult {
  readonly stats: RedactStats;
  /** False when there was nothing to redact (the file is left untouched, mtime included). */
  readonly changed: boolean;
}

function errno(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

export async function redactFileInPlace(
  file: string,
  ctx: LocateContext,
  options: RedactOptions = {},
): Promise<InPlaceResult> {
  let target: string;
  let before: Stats;
  try {
    // Follow a symlink to the file it names, so the link itself stays a link.
    target = realpathSync(file);
    before = lstatSync(target);
  } catch (error) {
    throw new UsageError(`cannot read ${file} (${errno(error)})`);
  }
  if (!before.isFile()) throw new UsageError(`${file}: not a regular file`);

  const temp = join(dirname(target), `.${basename(target)}.leakproof-${randomBytes(6).toString('hex')}.tmp`);
  let handle;
  try {
    handle = await open(temp, 'wx', 0o600);
  } catch (error) {
    throw new UsageError(`cannot write next to ${file} (${errno(error)})`);
  }
  let renamed = false;
  try {
    const out = handle;
    const stats = await redactStream(createReadStream(target, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>, async (bytes) => {
      await out.write(bytes);
    }, ctx, options);
    if (stats.redactions === 0 || stats.mode !== 'text') return { stats, changed: false };
    const after = await stat(target);
    if (!sameFile(before, after)) {
      throw new UsageError(`${file} changed while it was being redacted (is an agent still writing it?); nothing was replaced, retry when it is idle`);
    }
    await handle.chmod(before.mode & 0o7777);
    // Best effort: only root may give a file away; otherwise the new file is the caller's.
    await handle.chown(before.uid, before.gid).catch(() => undefined);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, target);
    renamed = true;
    return { stats, changed: true };
  } catch (error) {
    if (isKnownError(error)) throw error;
    throw new UsageError(`cannot redact ${file} (${errno(error)})`);
  } finally {
    await handle?.close().catch(() => undefined);
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}
