import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export type ReadResult =
  | { readonly ok: true; readonly content: Buffer }
  | { readonly ok: false; readonly reason: string };

/** Reads a regular file whole, or says why not (too large, unreadable). Never throws. */
export function readFileCapped(absPath: string, maxBytes: number): ReadResult {
  let fd: number;
  try {
    fd = openSync(absPath, 'r');
  } catch (error) {
    return { ok: false, reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: 'not a regular file' };
    if (stat.size > maxBytes) {
      return { ok: false, reason: `larger than --max-file-size (${formatBytes(stat.size)} > ${formatBytes(maxBytes)})` };
    }
    return { ok: true, content: readWhole(fd, stat.size) };
  } catch (error) {
    return { ok: false, reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    closeSync(fd);
  }
}

/** The first `size` bytes of an open file (fewer if it shrank meanwhile). */
export function readWhole(fd: number, size: number): Buffer {
  const content = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const n = readSync(fd, content, read, size - read, read);
    if (n === 0) break;
    read += n;
  }
  return read === size ? content : content.subarray(0, read);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GB`;
}
