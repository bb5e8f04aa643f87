/**
 * Where git runs hooks from. Only one folder is active: `core.hooksPath` (from any config
 * scope) replaces `<common git dir>/hooks`, and a global one silently disables every
 * repository's own hooks — the commonest way a guard ends up never running.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { Repo } from '../git/repo.js';
import { type GitContext, gitText, runGit } from '../git/run-git.js';

export interface HooksPathSetting {
  readonly value: string;
  /** Config scope it comes from: local, worktree, global, system or command. */
  readonly scope: string;
}

export interface HooksLocation {
  /** The folder git runs hooks from, absolute. */
  readonly dir: string;
  /** `<common git dir>/hooks`: where hooks live when core.hooksPath is not set. */
  readonly defaultDir: string;
  readonly hooksPath: HooksPathSetting | undefined;
}

export function hooksPathSetting(ctx: GitContext, scopeFlag?: '--global'): HooksPathSetting | undefined {
  const res = runGit(['config', ...(scopeFlag ? [scopeFlag] : []), '--show-scope', '--get', 'core.hooksPath'], ctx, { phase: 'setup', okCodes: [1] });
  if (res.code === 1) return undefined;
  const [scope = '', ...rest] = res.stdout.toString('utf8').replace(/\n$/, '').split('\t');
  return { scope, value: rest.join('\t') };
}

export function hooksLocation(repo: Repo): HooksLocation {
  const dir = gitText(['rev-parse', '--git-path', 'hooks'], repo.ctx, { phase: 'setup' });
  return {
    dir: resolve(repo.ctx.cwd, dir),
    defaultDir: join(repo.commonDir, 'hooks'),
    hooksPath: hooksPathSetting(repo.ctx),
  };
}

/** `~/x` and `~` the way git expands them in core.hooksPath. */
export function expandHome(path: string, env: Readonly<Record<string, string | undefined>>): string {
  const home = env.HOME ?? homedir();
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return path;
}

/** The folder leakproof creates for `guard install --global` when none is configured. */
export function defaultGlobalHooksDir(env: Readonly<Record<string, string | undefined>>): string {
  const base = env.XDG_CONFIG_HOME !== undefined && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(env.HOME ?? homedir(), '.config');
  return join(base, 'leakproof', 'hooks');
}
