/**
 * `leakproof guard install | uninstall | status` for one repository: decide who owns the hooks
 * git will run (husky, lefthook, the pre-commit framework, or a plain hooks folder) and put
 * the guard there, since a hook written anywhere else never runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GitError, UsageError } from '../errors.js';
import type { Repo } from '../git/repo.js';
import { type HooksLocation, hooksLocation } from './git-dirs.js';
import { hookFileState, installHookFiles, uninstallHookFiles } from './hook-files.js';
import { huskyDir, huskyRunsGuard, installHusky, uninstallHusky } from './husky.js';
import { installLefthook, lefthookConfig, lefthookRunsGuard, uninstallLefthook } from './lefthook.js';
import { preCommitConfig, preCommitRunsGuard, preCommitSnippet } from './pre-commit-framework.js';
import { HOOK_NAMES, type HookName } from './templates.js';

export type Manager =
  | { readonly kind: 'husky'; readonly dir: string }
  | { readonly kind: 'lefthook'; readonly file: string }
  | { readonly kind: 'pre-commit'; readonly file: string }
  | { readonly kind: 'hooks-dir' };

export interface GuardTarget {
  readonly repo: Repo;
  readonly top: string;
  readonly location: HooksLocation;
  readonly manager: Manager;
}

const LOCAL_SCOPES = new Set(['local', 'worktree']);

export function guardTarget(repo: Repo): GuardTarget {
  if (repo.top === undefined) throw new GitError('hooks need a working tree (this is a bare repository)');
  const top = repo.top;
  const location = hooksLocation(repo);
  const local = location.hooksPath !== undefined && LOCAL_SCOPES.has(location.hooksPath.scope) ? location.hooksPath : undefined;
  const husky = huskyDir(top, local);
  const lefthook = lefthookConfig(top);
  const preCommit = preCommitConfig(top);
  const manager: Manager = husky
    ? { kind: 'husky', dir: husky }
    : lefthook
      ? { kind: 'lefthook', file: lefthook }
      : preCommit
        ? { kind: 'pre-commit', file: preCommit }
        : { kind: 'hooks-dir' };
  return { repo, top, location, manager };
}

function assertNotShadowedGlobally(location: HooksLocation): void {
  const setting = location.hooksPath;
  if (setting !== undefined && !LOCAL_SCOPES.has(setting.scope)) {
    throw new UsageError(
      `core.hooksPath is set in ${setting.scope} git config (${setting.value}), so git runs hooks from there for every repository; ` +
        'use `leakproof guard install --global` to install there, or set a hooks folder for this repository (git config core.hooksPath .git/hooks)',
    );
  }
}

export function installGuard(target: GuardTarget, names: readonly HookName[]): string[] {
  const { manager, location, top } = target;
  const rel = (p: string): string => relative(top, p) || p;
  switch (manager.kind) {
    case 'husky':
      return [`husky manages this repository's hooks (core.hooksPath=${location.hooksPath?.value ?? ''})`, ...installHusky(manager.dir, names).map((l) => l.replace(top + '/', ''))];
    case 'lefthook': {
      assertNotShadowedGlobally(location);
      const done = [`lefthook manages this repository's hooks (${rel(manager.file)})`, ...installLefthook(manager.file, names).map((l) => l.replace(top + '/', ''))];
      const missing = names.filter((n) => !readHook(location, n).includes('lefthook'));
      if (missing.length > 0) done.push(`run \`lefthook install\` so git calls lefthook for ${missing.join(', ')}`);
      return done;
    }
    case 'pre-commit':
      return [
        `the pre-commit framework manages this repository's hooks (${rel(manager.file)}); it would replace a hook installed here.`,
        'Add this under `repos:` in that file, then run `pre-commit install --hook-type pre-commit --hook-type pre-merge-commit' +
          (names.includes('pre-push') ? ' --hook-type pre-push`:' : '`:'),
        preCommitSnippet(names.includes('pre-push')),
      ];
    case 'hooks-dir':
      assertNotShadowedGlobally(location);
      return installHookFiles(location.dir, names, 'local');
  }
}

function readHook(location: HooksLocation, name: HookName): string {
  const file = join(location.dir, name);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** Removes the guard from every place `install` may have put it. */
export function uninstallGuard(target: GuardTarget): string[] {
  const { top, location } = target;
  const done: string[] = [];
  const husky = join(top, '.husky');
  if (existsSync(husky)) done.push(...uninstallHusky(husky, HOOK_NAMES));
  const lefthook = lefthookConfig(top);
  if (lefthook) done.push(...uninstallLefthook(lefthook));
  const dirs = new Set([location.dir, location.defaultDir]);
  for (const dir of dirs) done.push(...uninstallHookFiles(dir, HOOK_NAMES).filter((l) => !l.includes('left alone') || dir === location.dir));
  return done.length > 0 ? done : ['leakproof is not installed in this repository'];
}

export interface HookStatus {
  readonly name: HookName;
  /** The guard runs when git runs this hook. */
  readonly active: boolean;
  readonly detail: string;
}

export function hookStatuses(target: GuardTarget): HookStatus[] {
  const { manager, location, top } = target;
  return HOOK_NAMES.map((name): HookStatus => {
    const file = hookFileState(location.dir, name);
    const where = relative(top, file.path) || file.path;
    if (manager.kind === 'husky') {
      const runs = huskyRunsGuard(manager.dir, name);
      return { name, active: runs, detail: runs ? `.husky/${name} runs leakproof` : `.husky/${name} does not run leakproof` };
    }
    if (manager.kind === 'lefthook' && !file.ours) {
      const runs = lefthookRunsGuard(manager.file, name);
      const calls = file.text.includes('lefthook');
      const detail = `${runs ? 'leakproof job' : 'no leakproof job'} in ${relative(top, manager.file)}; ${calls ? `git calls lefthook (${where})` : `git does not call lefthook (${where} missing: run lefthook install)`}`;
      return { name, active: runs && calls && file.executable, detail };
    }
    if (manager.kind === 'pre-commit' && !file.ours) {
      const runs = preCommitRunsGuard(manager.file);
      return { name, active: runs && file.exists && file.executable, detail: runs ? `pre-commit framework config runs leakproof (${where} ${file.exists ? 'installed' : 'missing'})` : 'pre-commit framework config has no leakproof hook' };
    }
    if (!file.exists) return { name, active: false, detail: `not installed (${where})` };
    if (!file.ours) return { name, active: false, detail: `${where} is another tool's hook and does not run leakproof` };
    if (!file.executable) return { name, active: false, detail: `${where} is not executable, so git skips it (chmod +x)` };
    const chained = file.chained ? `; runs your previous hook first (${relative(top, file.chained) || file.chained})` : '';
    return { name, active: true, detail: `leakproof hook ${file.current ? 'installed' : 'installed (older version: rerun leakproof guard install)'} (${where})${chained}` };
  });
}

export function describeLocation(target: GuardTarget): string {
  const { location, top } = target;
  const dir = relative(top, location.dir) || location.dir;
  return location.hooksPath === undefined
    ? `git runs hooks from ${dir}`
    : `git runs hooks from ${dir} (core.hooksPath=${location.hooksPath.value}, ${location.hooksPath.scope} config)`;
}

/** Our hook sitting in a folder git does not use (core.hooksPath points elsewhere). */
export function shadowedHooks(target: GuardTarget): string[] {
  const { location } = target;
  if (location.dir === location.defaultDir) return [];
  return HOOK_NAMES.filter((n) => hookFileState(location.defaultDir, n).ours).map((n) => join(location.defaultDir, n));
}
