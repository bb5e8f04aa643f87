/** `scan --staged | --git [range] | --pre-push <remote>`: flags → a git scope. No git here. */
import { UsageError } from '../errors.js';
import type { GitScope } from '../sources/git-scope.js';
import type { CliIo } from './io.js';

export interface GitFlags {
  staged?: boolean;
  git?: string | boolean;
  prePush?: string;
  stdinFilename?: string;
}

export function isGitScan(flags: GitFlags): boolean {
  return flags.staged === true || flags.git !== undefined || flags.prePush !== undefined;
}

/** The scope asked for, or undefined for a path/stdin scan; rejects contradictory flags. */
export async function gitScopeFromFlags(flags: GitFlags, paths: readonly string[], io: CliIo): Promise<GitScope | undefined> {
  const chosen = [flags.staged === true && '--staged', flags.git !== undefined && '--git', flags.prePush !== undefined && '--pre-push'].filter(
    (f): f is string => typeof f === 'string',
  );
  if (chosen.length === 0) return undefined;
  if (chosen.length > 1) throw new UsageError(`${chosen.join(' and ')} cannot be combined`);
  const flag = chosen[0] ?? '';
  // The default path argument is "."; anything else would silently be ignored.
  if (paths.length !== 1 || paths[0] !== '.') throw new UsageError(`${flag} scans the repository; it takes no paths (run it inside the repository)`);
  if (flags.stdinFilename !== undefined) throw new UsageError(`--stdin-filename does not apply to ${flag}`);
  if (flags.staged === true) return { kind: 'staged' };
  if (flags.prePush !== undefined) return { kind: 'pre-push', remote: flags.prePush, input: (await io.readStdin()).toString('utf8') };
  return typeof flags.git === 'string' ? { kind: 'history', range: flags.git } : { kind: 'history' };
}

export function commitsLine(scope: GitScope, commits: number): string {
  const where = scope.kind === 'history' ? (scope.range === undefined ? ' (all refs)' : ` in ${scope.range}`) : ' to push';
  return `leakproof: ${commits} ${commits === 1 ? 'commit' : 'commits'}${where}\n`;
}
