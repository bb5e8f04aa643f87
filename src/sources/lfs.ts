/**
 * Git LFS pointers. The index and history hold a three-line pointer while the real bytes live
 * in `<common git dir>/lfs/objects/<aa>/<bb>/<oid>`; scanning the pointer finds nothing (and
 * its hash looks like a secret), so the object is scanned when present and reported as not
 * scanned when it is not.
 */
import { join } from 'node:path';

export interface LfsPointer {
  /** SHA-256 of the content, hex. */
  readonly oid: string;
  readonly size: number;
}

/** Pointers are small by specification (< 1024 bytes). */
const MAX_POINTER = 1024;
const VERSION = /^version https:\/\/(?:git-lfs\.github\.com\/spec\/v1|hawser\.github\.com\/spec\/v1)\n/;

export function parseLfsPointer(content: Buffer): LfsPointer | undefined {
  if (content.length > MAX_POINTER || content.length < 40) return undefined;
  const text = content.toString('utf8');
  if (!VERSION.test(text)) return undefined;
  const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(text)?.[1];
  const size = /^size (\d+)$/m.exec(text)?.[1];
  if (oid === undefined || size === undefined) return undefined;
  return { oid, size: Number(size) };
}

export function lfsObjectPath(commonDir: string, oid: string): string {
  return join(commonDir, 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4), oid);
}
