/**
 * Our hook scripts in a hooks folder: install (chaining whatever was there), uninstall
 * (restoring it), and what is there now. A foreign hook is renamed to
 * `<name>.leakproof-chained` and run by ours; it is never overwritten or deleted.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { CHAINED_SUFFIX, type HookName, hookScript, type HookScope, isOurs } from './templates.js';

export interface HookFileState {
  readonly name: HookName;
  readonly path: string;
  readonly exists: boolean;
  readonly executable: boolean;
  readonly ours: boolean;
  /** Ours and identical to what this version would install. */
  readonly current: boolean;
  /** A chained foreign hook next to ours. */
  readonly chained: string | undefined;
  readonly text: string;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export function hookFileState(dir: string, name: HookName, scope: HookScope = 'local'): HookFileState {
  const path = join(dir, name);
  const exists = existsSync(path);
  const text = exists ? readText(path) : '';
  let executable = false;
  try {
    accessSync(path, constants.X_OK);
    executable = exists;
  } catch {
    executable = false;
  }
  const ours = isOurs(text);
  const chained = `${path}${CHAINED_SUFFIX}`;
  return {
    name,
    path,
    exists,
    executable,
    ours,
    current: ours && (text === hookScript(name, scope) || text === hookScript(name, scope === 'local' ? 'global' : 'local')),
    chained: existsSync(chained) ? chained : undefined,
    text,
  };
}

/** Writes through a temporary file so git never runs a half-written hook. */
function writeHook(path: string, text: string): void {
  const tmp = `${path}.leakproof-tmp-${randomBytes(6).toString('hex')}`;
  try {
    writeFileSync(tmp, text, { mode: 0o755, flag: 'wx' });
    chmodSync(tmp, 0o755);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** A filesystem error (hooks folder is a file, read-only, …) is one line and exit 2, not an internal error. */
function withFsErrors<T>(dir: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (error instanceof UsageError || typeof e.code !== 'string') throw error;
    throw new UsageError(`cannot write hooks in ${dir}: ${e.path ?? dir} (${e.code})`);
  }
}

export function installHookFiles(dir: string, names: readonly HookName[], scope: HookScope): string[] {
  return withFsErrors(dir, () => installHooks(dir, names, scope));
}

export function uninstallHookFiles(dir: string, names: readonly HookName[]): string[] {
  return withFsErrors(dir, () => uninstallHooks(dir, names));
}

function installHooks(dir: string, names: readonly HookName[], scope: HookScope): string[] {
  mkdirSync(dir, { recursive: true });
  const done: string[] = [];
  for (const name of names) {
    const state = hookFileState(dir, name, scope);
    const script = hookScript(name, scope);
    if (state.ours) {
      if (state.text === script && state.executable) done.push(`${name}: already installed (${state.path})`);
      else {
        writeHook(state.path, script);
        done.push(`${name}: updated (${state.path})`);
      }
      continue;
    }
    // lstat: a dangling symlink is still someone's hook.
    const present = state.exists || lstatSync(state.path, { throwIfNoEntry: false }) !== undefined;
    if (present) {
      const chained = `${state.path}${CHAINED_SUFFIX}`;
      if (lstatSync(chained, { throwIfNoEntry: false }) !== undefined) {
        throw new UsageError(`${state.path} is not leakproof's and ${chained} already exists; move one of them away and rerun`);
      }
      renameSync(state.path, chained);
      writeHook(state.path, script);
      done.push(`${name}: installed (${state.path}); your existing hook now runs first from ${chained}`);
    } else {
      writeHook(state.path, script);
      done.push(`${name}: installed (${state.path})`);
    }
  }
  return done;
}

function uninstallHooks(dir: string, names: readonly HookName[]): string[] {
  const done: string[] = [];
  for (const name of names) {
    const state = hookFileState(dir, name);
    const chained = `${state.path}${CHAINED_SUFFIX}`;
    const hasChained = lstatSync(chained, { throwIfNoEntry: false }) !== undefined;
    if (!state.ours) {
      if (state.exists) done.push(`${name}: left alone (${state.path} was not installed by leakproof)`);
      continue;
    }
    unlinkSync(state.path);
    if (hasChained) {
      renameSync(chained, state.path);
      done.push(`${name}: removed; restored your previous hook at ${state.path}`);
    } else {
      done.push(`${name}: removed (${state.path})`);
    }
  }
  return done;
}
