/**
 * lefthook owns `.git/hooks/*` (its runner calls `lefthook run <hook>`), so leakproof becomes a
 * job in lefthook's config. No YAML library: the edit is line-based, every added line carries
 * a marker comment (uninstall removes exactly those), and a layout we cannot edit safely is an
 * error that prints the snippet to add by hand.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { type HookName, LINE_MARK } from './templates.js';

export const LEFTHOOK_FILES = ['lefthook.yml', '.lefthook.yml', 'lefthook.yaml', '.lefthook.yaml', '.config/lefthook.yml', '.config/lefthook.yaml'];

export function lefthookConfig(top: string): string | undefined {
  return LEFTHOOK_FILES.map((f) => join(top, f)).find((f) => existsSync(f));
}

/** lefthook runs `run` with sh from the repository top; prefer the project's own copy. */
function runCommand(name: HookName): string {
  const args = name === 'pre-push' ? 'scan --pre-push {1}' : 'scan --staged';
  return `b=node_modules/.bin/leakproof; [ -x "$b" ] || b=leakproof; exec "$b" ${args}`;
}

function commandsJob(name: HookName, indent: string): string[] {
  const lines = [`${indent}leakproof: ${LINE_MARK}`, `${indent}  run: '${runCommand(name)}' ${LINE_MARK}`];
  // pre-push refs arrive on stdin; lefthook only passes it on when asked.
  if (name === 'pre-push') lines.push(`${indent}  use_stdin: true ${LINE_MARK}`);
  return lines;
}

function jobsItem(name: HookName, indent: string): string[] {
  const lines = [`${indent}- name: leakproof ${LINE_MARK}`, `${indent}  run: '${runCommand(name)}' ${LINE_MARK}`];
  if (name === 'pre-push') lines.push(`${indent}  use_stdin: true ${LINE_MARK}`);
  return lines;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isContent = (line: string): boolean => line.trim() !== '' && !line.trimStart().startsWith('#');

/** Pure: the config with a leakproof job for `name` (unchanged when one is there). */
export function addLefthookJob(text: string, name: HookName, file = 'lefthook.yml'): string {
  const lines = text.split('\n');
  if (lines.some((l, i) => l.includes(LINE_MARK) && belongsTo(lines, i, name))) return text;
  const keyAt = lines.findIndex((l) => l.startsWith(`${name}:`));
  if (keyAt === -1) {
    const body = text === '' || text.endsWith('\n') ? text : `${text}\n`;
    return `${body}${[`${name}: ${LINE_MARK}`, `  commands: ${LINE_MARK}`, ...commandsJob(name, '    ')].join('\n')}\n`;
  }
  if (!/^[\w-]+:\s*(#.*)?$/.test(lines[keyAt] ?? '')) {
    throw new UsageError(`${file}: cannot add a job under "${name}" automatically; add one that runs \`${name === 'pre-push' ? 'leakproof scan --pre-push {1}' : 'leakproof scan --staged'}\` (see docs/git-guard.md)`);
  }
  let end = keyAt + 1;
  while (end < lines.length && !(isContent(lines[end] ?? '') && indentOf(lines[end] ?? '') === 0)) end++;
  const block = lines.slice(keyAt + 1, end);
  const childIndent = block.filter(isContent).map(indentOf)[0] ?? 2;
  const pad = ' '.repeat(childIndent);
  const isKey = (line: string, key: string): boolean => {
    const rest = line.trim().slice(key.length + 1);
    return line.trim().startsWith(`${key}:`) && (rest.trim() === '' || rest.trimStart().startsWith('#'));
  };
  const find = (key: string): number => block.findIndex((l) => indentOf(l) === childIndent && isKey(l, key));
  const insertAfter = (at: number, added: string[]): string =>
    [...lines.slice(0, keyAt + 1 + at + 1), ...added, ...lines.slice(keyAt + 1 + at + 1)].join('\n');

  const commands = find('commands');
  if (commands !== -1) {
    const next = block.slice(commands + 1).find(isContent);
    const indent = next !== undefined && indentOf(next) > childIndent ? ' '.repeat(indentOf(next)) : `${pad}  `;
    return insertAfter(commands, commandsJob(name, indent));
  }
  const jobs = find('jobs');
  if (jobs !== -1) {
    const next = block.slice(jobs + 1).find(isContent);
    const indent = next?.trimStart().startsWith('- ') ? ' '.repeat(indentOf(next)) : `${pad}  `;
    return insertAfter(jobs, jobsItem(name, indent));
  }
  let last = block.length - 1;
  while (last >= 0 && !isContent(block[last] ?? '')) last--;
  return insertAfter(last, [`${pad}commands: ${LINE_MARK}`, ...commandsJob(name, `${pad}  `)]);
}

/** Whether line `at` lies inside the top-level block of `name`. */
function belongsTo(lines: readonly string[], at: number, name: HookName): boolean {
  for (let i = at; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (isContent(line) && indentOf(line) === 0) return line.startsWith(`${name}:`);
  }
  return false;
}

/** Pure: the config without our lines. */
export function removeLefthookJobs(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.includes(LINE_MARK))
    .join('\n');
}

export function lefthookRunsGuard(file: string, name: HookName): boolean {
  const lines = readFileSync(file, 'utf8').split('\n');
  return lines.some((l, i) => l.includes(LINE_MARK) && belongsTo(lines, i, name));
}

export function installLefthook(file: string, names: readonly HookName[]): string[] {
  let text = readFileSync(file, 'utf8');
  const done: string[] = [];
  for (const name of names) {
    const after = addLefthookJob(text, name, file);
    done.push(after === text ? `${name}: leakproof job already in ${file}` : `${name}: added a leakproof job to ${file}`);
    text = after;
  }
  writeFileSync(file, text);
  return done;
}

export function uninstallLefthook(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const after = removeLefthookJobs(text);
  if (after === text) return [];
  writeFileSync(file, after);
  return [`removed the leakproof jobs from ${file}`];
}
