/**
 * The one reader of user files (scanned files, ignore files, config, baselines): regular files
 * only, size-capped, and never blocking. A FIFO, socket or device is refused without reading
 * (it is opened non-blocking, so a FIFO with no writer cannot hang us) and a file above the cap
 * is refused before any byte is read (a link to /dev/zero is a device, not an endless file).
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';

/** Why a file was not read: callers switch on this, never on the reason text. */
export type ReadFailure = 'unreadable' | 'not-regular' | 'too-large';

export type ReadResult =
  | { readonly ok: true; readonly content: Buffer }
  | { readonly ok: false; readonly failure: ReadFailure; readonly reason: string; readonly code?: string };

export type OpenResult =
  | { readonly ok: true; readonly fd: number; readonly size: number }
  | { readonly ok: false; readonly failure: ReadFailure; readonly reason: string; readonly code?: string };

export interface ReadOptions {
  /** Refuse a symlink in the last path component (ignore and policy files, as git does). */
  readonly noFollow?: boolean;
}

// Windows has neither flag (and no FIFOs to hang on); there `noFollow` falls back to lstat.
const flags = constants as Partial<typeof constants>;
const NONBLOCK = flags.O_NONBLOCK ?? 0;
const NOFOLLOW = flags.O_NOFOLLOW;

function unreadable(error: unknown): { ok: false; failure: ReadFailure; reason: string; code?: string } {
  const code = (error as NodeJS.ErrnoException).code;
  return { ok: false, failure: 'unreadable', reason: `unreadable (${code ?? 'error'})`, ...(code === undefined ? {} : { code }) };
}

const NOT_REGULAR = { ok: false, failure: 'not-regular', reason: 'not a regular file' } as const;

/**
 * Opens a regular file of at most `maxBytes` for reading, or says why not. Never throws; on
 * success the caller owns (and must close) the descriptor.
 */
export function openRegularFile(absPath: string, maxBytes: number, options: ReadOptions = {}): OpenResult {
  let fd: number;
  try {
    if (options.noFollow && NOFOLLOW === undefined && !lstatSync(absPath).isFile()) return NOT_REGULAR;
    fd = openSync(absPath, constants.O_RDONLY | NONBLOCK | (options.noFollow ? (NOFOLLOW ?? 0) : 0));
  } catch (error) {
    // O_NOFOLLOW on a symlink fails with ELOOP (EMLINK on some BSDs).
    const code = (error as NodeJS.ErrnoException).code;
    if (options.noFollow && (code === 'ELOOP' || code === 'EMLINK')) return NOT_REGULAR;
    return unreadable(error);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      closeSync(fd);
      return NOT_REGULAR;
    }
    if (stat.size > maxBytes) {
      closeSync(fd);
      return { ok: false, failure: 'too-large', reason: `larger than --max-file-size (${formatBytes(stat.size)} > ${formatBytes(maxBytes)})` };
    }
    return { ok: true, fd, size: stat.size };
  } catch (error) {
    closeSync(fd);
    return unreadable(error);
  }
}

/** Reads a regular file whole, or says why not (too large, not regular, unreadable). Never throws. */
export function readFileCapped(absPath: string, maxBytes: number, options: ReadOptions = {}): ReadResult {
  const opened = openRegularFile(absPath, maxBytes, options);
  if (!opened.ok) return opened;
  try {
    return { ok: true, content: readWhole(opened.fd, opened.size) };
  } catch (error) {
    return unreadable(error);
  } finally {
    closeSync(opened.fd);
  }
}

/** The first `size` bytes of an open file (fewer if it shrank meanwhile). */
export function readWhole(fd: number, size: number): Buffer {
  return readInto(fd, Buffer.allocUnsafe(size));
}

function readInto(fd: number, into: Buffer): Buffer {
  let read = 0;
  while (read < into.length) {
    const n = readSync(fd, into, read, into.length - read, read);
    if (n === 0) break;
    read += n;
  }
  return read === into.length ? into : into.subarray(0, read);
}

/**
 * Reads files whole, one after the other, into one buffer that is reused: a tree scan reads
 * thousands of files, and a fresh buffer for each left tens of megabytes of dead buffers per
 * thread waiting for the garbage collector, and the allocator's heap fragmented by them, in the
 * peak RSS. Files above `maxBytes` get a buffer of their own, so the one kept is never larger.
 */
export class ReadBuffer {
  private buffer = Buffer.alloc(0);

  constructor(private readonly maxBytes: number) {}

  /** The first `size` bytes of an open file: a view that the next `read` overwrites. */
  read(fd: number, size: number): Buffer {
    if (size > this.maxBytes) return readWhole(fd, size);
    if (size > this.buffer.length) {
      // Doubling: a scan that meets ever larger files reallocates a few times, not per file.
      let grown = Math.max(this.buffer.length, 64 * 1024);
      while (grown < size) grown *= 2;
      this.buffer = Buffer.allocUnsafeSlow(Math.min(grown, this.maxBytes));
    }
    return readInto(fd, this.buffer.subarray(0, size));
  }

  /** Bytes held between reads. */
  get capacity(): number {
    return this.buffer.length;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GB`;
}
