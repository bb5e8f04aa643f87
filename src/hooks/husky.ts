/**
 * husky (v9: `core.hooksPath=.husky/_`, older: `.husky`) makes git ignore `.git/hooks`, so a
 * hook file there would never run. Instead one line is added to `.husky/<hook>`, which husky
 * runs with `node_modules/.bin` on PATH. The line carries a marker so uninstall removes
 * exactly it.
 */
import { existsSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { HooksPathSetting } from './git-dirs.js';
import { guardCommand, type HookName, LINE_MARK } from './templates.js';

/** The `.husky` folder when husky owns the hooks of the repository at `top`. */
export function huskyDir(top: string, hooksPath: HooksPathSetting | undefined): string | undefined {
  if (hooksPath === undefined) return undefined;
  const dir = join(top, '.husky');
  const target = relative(top, resolve(top, hooksPath.value)).replace(/\\/g, '/').replace(/\/$/, '');
  if (target !== '.husky/_' && target !== '.husky') return undefined;
  return existsSync(dir) && statSync(dir).isDirectory() ? dir : undefined;
}

export function huskyLine(name: HookName): string {
  return `${guardCommand(name, '"$1"')} ${LINE_MARK}`;
}

/** Pure: the script with our line appended (unchanged when it is already there). */
export function addHuskyLine(text: string, name: HookName): string {
  if (text.includes(LINE_MARK)) return text;
  const body = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  return `${body}${huskyLine(name)}\n`;
}

/** Pure: the script without our lines. */
export function removeHuskyLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.includes(LINE_MARK))
    .join('\n');
}

export function installHusky(dir: string, names: readonly HookName[]): string[] {
  return names.map((name) => {
    const file = join(dir, name);
    const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const after = addHuskyLine(before, name);
    if (after === before) return `${name}: already in ${file}`;
    writeFileSync(file, after, { mode: 0o755 });
    return `${name}: added \`${guardCommand(name, '"$1"')}\` to ${file}`;
  });
}

export function uninstallHusky(dir: string, names: readonly HookName[]): string[] {
  const done: string[] = [];
  for (const name of names) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    const before = readFileSync(file, 'utf8');
    const after = removeHuskyLines(before);
    if (after === before) continue;
    if (after.trim() === '') {
      unlinkSync(file);
      done.push(`${name}: removed ${file} (it only ran leakproof)`);
    } else {
      writeFileSync(file, after);
      done.push(`${name}: removed the leakproof line from ${file}`);
    }
  }
  return done;
}

export function huskyRunsGuard(dir: string, name: HookName): boolean {
  const file = join(dir, name);
  return existsSync(file) && readFileSync(file, 'utf8').includes(LINE_MARK);
}
