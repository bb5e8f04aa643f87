/**
 * The pre-push hook's input: `<local ref> <local oid> <remote ref> <remote oid>` per line
 * (git's documented format). The commits to scan are those reachable from what is pushed and
 * not already on the remote: new branches, force pushes and first pushes included; deleting a
 * branch pushes nothing. Zero ids are "all zeros" of either length (SHA-1 or SHA-256).
 */
import { UsageError } from '../errors.js';
import { isObjectId, isZeroId } from '../git/repo.js';
import type { HistorySpec } from './git-history.js';

export interface PushUpdate {
  readonly localRef: string;
  readonly localOid: string;
  readonly remoteRef: string;
  readonly remoteOid: string;
}

export function parsePushLines(text: string): PushUpdate[] {
  const updates: PushUpdate[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const parts = line.trim().split(' ');
    const [localRef = '', localOid = '', remoteRef = '', remoteOid = ''] = parts;
    if (parts.length !== 4 || !isObjectId(localOid) || !isObjectId(remoteOid)) {
      // Never quote the line: stdin may be anything (`cat .env | leakproof scan --pre-push`).
      throw new UsageError(`--pre-push: stdin line ${index + 1} is not "<local ref> <local oid> <remote ref> <remote oid>"`);
    }
    updates.push({ localRef, localOid, remoteRef, remoteOid });
  }
  return updates;
}

/**
 * Revisions to walk. `known(oid)` says whether the remote's old tip exists locally: a force
 * push over commits we never fetched cannot be excluded by id, and the remote-tracking refs
 * still exclude everything the remote is known to have.
 */
export function pushSpec(updates: readonly PushUpdate[], remote: string, known: (oid: string) => boolean): HistorySpec {
  const include = updates.filter((u) => !isZeroId(u.localOid)).map((u) => u.localOid);
  if (include.length === 0) return { options: [], revisions: [] };
  const exclude = updates.filter((u) => !isZeroId(u.remoteOid) && known(u.remoteOid)).map((u) => `^${u.remoteOid}`);
  return {
    options: remote === '' ? [] : ['--not', `--remotes=${remote}`, '--not'],
    revisions: [...new Set(include), ...new Set(exclude)],
  };
}
