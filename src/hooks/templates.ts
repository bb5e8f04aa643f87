/**
 * The hook scripts shipped in the package's `hooks/` folder, and how to recognise ours. A hook
 * is ours when it carries the marker line; anything else is someone's hook and is chained,
 * never overwritten.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const HOOK_NAMES = ['pre-commit', 'pre-merge-commit', 'pre-push'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

/** Hooks that guard commits; pre-push is opt-in (`--pre-push`). */
export const COMMIT_HOOKS: readonly HookName[] = ['pre-commit', 'pre-merge-commit'];

export const MARKER = '# leakproof-managed-hook';
/** Suffix of a foreign hook we moved aside; our hook runs it first. */
export const CHAINED_SUFFIX = '.leakproof-chained';
/** Marks lines we add to other tools' files (husky scripts, lefthook.yml). */
export const LINE_MARK = '# leakproof-guard';

export type HookScope = 'local' | 'global';

/** The one hook script; its `hook=` and `scope=` lines are filled in at install time. */
export const HOOK_TEMPLATE = fileURLToPath(new URL('../../hooks/leakproof-hook', import.meta.url));

export function hookScript(name: HookName, scope: HookScope): string {
  // LF always: a CRLF shebang (`/bin/sh^M`) makes git fail to run the hook.
  const text = readFileSync(HOOK_TEMPLATE, 'utf8').replace(/\r\n/g, '\n');
  return text.replace(/^hook=pre-commit$/m, `hook=${name}`).replace(/^scope=local$/m, `scope=${scope}`);
}

export function isOurs(text: string): boolean {
  return text.split('\n').some((line) => line.startsWith(MARKER));
}

/** The command a hook manager's script should run for `name`. */
export function guardCommand(name: HookName, remoteArg: string): string {
  return name === 'pre-push' ? `leakproof scan --pre-push ${remoteArg}` : 'leakproof scan --staged';
}
