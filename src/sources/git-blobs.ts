/**
 * Blob content for the git sources: read from the object store (never the working tree, never
 * through filters or textconv), LFS pointers swapped for their objects, size-capped. Anything
 * that cannot be read becomes a reason, so the scan reports it instead of passing it.
 */
import type { ObjectReader } from '../git/cat-file.js';
import type { Repo } from '../git/repo.js';
import { lfsObjectPath, parseLfsPointer } from './lfs.js';
import { formatBytes, readFileCapped } from './read-file.js';

export type LoadedBlob = { readonly ok: true; readonly content: Buffer } | { readonly ok: false; readonly reason: string };

export interface BlobLoader {
  readonly repo: Repo;
  readonly reader: ObjectReader;
  readonly maxFileSize: number;
}

export async function loadBlob(loader: BlobLoader, oid: string): Promise<LoadedBlob> {
  const res = await loader.reader.read(oid, loader.maxFileSize);
  if (res.kind === 'missing') return { ok: false, reason: `object ${oid.slice(0, 12)} is missing from the repository` };
  if (res.kind === 'too-large') {
    return { ok: false, reason: `larger than --max-file-size (${formatBytes(res.size)} > ${formatBytes(loader.maxFileSize)})` };
  }
  if (res.type !== 'blob') return { ok: false, reason: `object ${oid.slice(0, 12)} is a ${res.type}, not a file` };
  return resolveLfs(loader.repo, res.content, loader.maxFileSize);
}

function resolveLfs(repo: Repo, content: Buffer, maxFileSize: number): LoadedBlob {
  const pointer = parseLfsPointer(content);
  if (pointer === undefined) return { ok: true, content };
  const read = readFileCapped(lfsObjectPath(repo.commonDir, pointer.oid), maxFileSize);
  if (read.ok) return read;
  if (read.reason.includes('ENOENT')) {
    return { ok: false, reason: `Git LFS object ${pointer.oid.slice(0, 12)} is not present locally (run git lfs fetch)` };
  }
  return { ok: false, reason: `Git LFS object ${pointer.oid.slice(0, 12)}: ${read.reason}` };
}
