/**
 * `guard install --global`: one hooks folder for every repository through the global
 * `core.hooksPath`. Our global hook also runs each repository's own `.git/hooks/<name>`, which
 * the global setting would otherwise silently disable. Repositories with their own
 * core.hooksPath (husky) ignore the global one and need a per-repository install.
 */
import { existsSync, readdirSync, rmdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { type GitContext, runGit } from '../git/run-git.js';
import { defaultGlobalHooksDir, expandHome, hooksPathSetting } from './git-dirs.js';
import { installHookFiles, uninstallHookFiles } from './hook-files.js';
import { HOOK_NAMES, type HookName } from './templates.js';

export function installGlobal(ctx: GitContext, names: readonly HookName[]): string[] {
  const current = hooksPathSetting(ctx, '--global');
  const dir = current ? resolve(expandHome(current.value, ctx.env)) : defaultGlobalHooksDir(ctx.env);
  const done = installHookFiles(dir, names, 'global');
  if (current === undefined) {
    runGit(['config', '--global', 'core.hooksPath', dir], ctx, { phase: 'setup' });
    done.push(`set core.hooksPath=${dir} in your global git config`);
  } else {
    done.push(`installed into the existing global core.hooksPath (${current.value})`);
  }
  done.push('repositories with their own core.hooksPath (e.g. husky) ignore this: run `leakproof guard install` in those');
  return done;
}

export function uninstallGlobal(ctx: GitContext): string[] {
  const current = hooksPathSetting(ctx, '--global');
  if (current === undefined) throw new UsageError('no global core.hooksPath is set, so there is no global leakproof hook to remove');
  const dir = resolve(expandHome(current.value, ctx.env));
  const done = uninstallHookFiles(dir, HOOK_NAMES);
  // Only undo the setting we made, and only when nothing else lives in that folder.
  if (dir === defaultGlobalHooksDir(ctx.env) && (!existsSync(dir) || readdirSync(dir).length === 0)) {
    runGit(['config', '--global', '--unset', 'core.hooksPath'], ctx, { phase: 'setup' });
    if (existsSync(dir)) rmdirSync(dir);
    done.push('removed core.hooksPath from your global git config');
  }
  return done.length > 0 ? done : [`no leakproof hook in ${dir}`];
}
