/**
 * `agent install | uninstall | status`: leakproof's entries in each host's documented hook
 * configuration. Only entries whose command runs `… agent hook <host> …` are ours; everything
 * else in the file (other hooks, settings, unknown keys) is kept as it was. Installing removes
 * our previous entries first and appends fresh ones, so running it twice changes nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { platform } from 'node:os';
import { ConfigError, UsageError } from '../errors.js';
import { HOST_EVENTS, type HostEvent, type HostId } from './hosts.js';
import { isJsonObject, type JsonObject, readJsonObject, writeJsonObject } from './config-file.js';

export type Level = 'project' | 'user';

export interface Location {
  readonly host: HostId;
  readonly level: Level;
  readonly path: string;
}

export interface Environment {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

function home(env: Environment['env']): string {
  const dir = env.HOME ?? env.USERPROFILE;
  if (dir === undefined || dir === '') throw new ConfigError('HOME is not set: cannot locate user-level agent settings');
  return dir;
}

/** Where each host reads hooks from (its documentation's project and user locations). */
export function configPath(host: HostId, level: Level, e: Environment): string {
  const base = level === 'project' ? e.cwd : home(e.env);
  switch (host) {
    case 'claude':
      return join(base, '.claude', 'settings.json');
    case 'cursor':
      return join(base, '.cursor', 'hooks.json');
    case 'codex':
      // Codex keeps its home in CODEX_HOME when set.
      return level === 'user' && e.env.CODEX_HOME ? join(e.env.CODEX_HOME, 'hooks.json') : join(base, '.codex', 'hooks.json');
    case 'gemini':
      return join(base, '.gemini', 'settings.json');
  }
}

const OURS = /\bagent hook (claude|cursor|codex|gemini)\b/;

function isOurs(entry: unknown): boolean {
  return isJsonObject(entry) && typeof entry.command === 'string' && OURS.test(entry.command) && entry.command.includes('leakproof');
}

/** The shell command a host runs for `event`. A missing leakproof fails closed where exit 2 blocks. */
export function hookCommand(host: HostId, event: string, program: string): string {
  const command = `${program} agent hook ${host} ${event}`;
  // `|| exit 2`: if the command cannot run at all (not installed: exit 127), Claude Code,
  // Codex and Gemini CLI would treat the error as "carry on"; 2 makes them block instead.
  // Cursor documents its decisions as JSON, not exit codes, so it gets the bare command.
  return host === 'cursor' ? command : `${command} || exit 2`;
}

function ourEntry(host: HostId, event: HostEvent, program: string): JsonObject {
  const command = hookCommand(host, event.name, program);
  if (host === 'cursor') return { command };
  if (host === 'gemini') {
    return { name: `leakproof-${event.name}`, type: 'command', command, description: 'leakproof: keep secrets out of prompts, files and commands' };
  }
  return { type: 'command', command };
}

function hooksTable(doc: JsonObject, label: string): JsonObject {
  const hooks = doc.hooks ?? {};
  if (!isJsonObject(hooks)) throw new ConfigError(`${label}: "hooks" is not an object; leakproof will not rewrite it`);
  return hooks;
}

function eventList(hooks: JsonObject, event: string, label: string): unknown[] {
  const list = hooks[event] ?? [];
  if (!Array.isArray(list)) throw new ConfigError(`${label}: "hooks.${event}" is not a list; leakproof will not rewrite it`);
  return list;
}

/** The list without our entries (Claude-style groups lose our commands; groups we emptied go). */
function withoutOurs(host: HostId, list: readonly unknown[]): unknown[] {
  if (host === 'cursor') return list.filter((e) => !isOurs(e));
  const out: unknown[] = [];
  for (const group of list) {
    if (!isJsonObject(group) || !Array.isArray(group.hooks)) {
      out.push(group);
      continue;
    }
    const kept = group.hooks.filter((h) => !isOurs(h));
    if (kept.length === group.hooks.length) out.push(group);
    else if (kept.length > 0) out.push({ ...group, hooks: kept });
  }
  return out;
}

function ourEvents(host: HostId, list: readonly unknown[]): boolean {
  if (host === 'cursor') return list.some(isOurs);
  return list.some((g) => isJsonObject(g) && Array.isArray(g.hooks) && g.hooks.some(isOurs));
}

export function install(host: HostId, level: Level, e: Environment, program = 'leakproof'): Location & { readonly events: readonly string[] } {
  if (!program.includes('leakproof')) throw new UsageError(`hook command "${program}" does not name leakproof; its entries could not be recognised afterwards`);
  const path = configPath(host, level, e);
  const doc = readJsonObject(path, path);
  const hooks = hooksTable(doc, path);
  for (const event of HOST_EVENTS[host]) {
    const list = withoutOurs(host, eventList(hooks, event.name, path));
    const entry = ourEntry(host, event, program);
    if (host === 'cursor') list.push(entry);
    else list.push({ ...(event.matcher !== undefined ? { matcher: event.matcher } : {}), hooks: [entry] });
    hooks[event.name] = list;
  }
  const next: JsonObject = host === 'cursor' ? { version: 1, ...doc, hooks } : { ...doc, hooks };
  writeJsonObject(path, next);
  return { host, level, path, events: HOST_EVENTS[host].map((ev) => ev.name) };
}

export function uninstall(host: HostId, level: Level, e: Environment): Location & { readonly removed: boolean } {
  const path = configPath(host, level, e);
  if (!existsSync(path)) return { host, level, path, removed: false };
  const doc = readJsonObject(path, path);
  const hooks = hooksTable(doc, path);
  let removed = false;
  for (const [name, value] of Object.entries(hooks)) {
    if (!Array.isArray(value) || !ourEvents(host, value)) continue;
    removed = true;
    const list = withoutOurs(host, value);
    if (list.length > 0) hooks[name] = list;
    else delete hooks[name];
  }
  if (removed) writeJsonObject(path, { ...doc, hooks });
  return { host, level, path, removed };
}

export interface HostStatus extends Location {
  readonly exists: boolean;
  /** Our events present, and the ones missing. */
  readonly installed: readonly string[];
  readonly missing: readonly string[];
  /** The program our entries run, when installed. */
  readonly program?: string;
  /** Problems that would stop the hooks from running. */
  readonly problems: readonly string[];
}

function programOf(host: HostId, list: readonly unknown[]): string | undefined {
  const entries = host === 'cursor' ? list : list.flatMap((g) => (isJsonObject(g) && Array.isArray(g.hooks) ? g.hooks : []));
  const ours = entries.find(isOurs);
  if (!isJsonObject(ours) || typeof ours.command !== 'string') return undefined;
  return ours.command.slice(0, ours.command.search(OURS)).trim();
}

/** Is the first word of `program` an executable we can find (absolute, relative to cwd, or on PATH)? */
export function resolvable(program: string, e: Environment): boolean {
  const first = program.split(/\s+/)[0] ?? '';
  if (first === '') return false;
  if (first.includes('/') || first.includes('\\')) return existsSync(resolve(e.cwd, first.replace(/^"|"$/g, '').replace(/^\$\w+\//, '')));
  const exts = platform() === 'win32' ? ['', '.cmd', '.exe'] : [''];
  return (e.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && exts.some((x) => existsSync(join(dir, first + x))));
}

function hostProblems(host: HostId, doc: JsonObject, e: Environment, level: Level): string[] {
  const problems: string[] = [];
  if (host === 'claude' && doc.disableAllHooks === true) problems.push('"disableAllHooks": true turns every hook off');
  if (host === 'gemini') {
    const cfg = doc.hooksConfig;
    if (isJsonObject(cfg) && cfg.enabled === false) problems.push('"hooksConfig.enabled": false turns hooks off');
    const tools = doc.tools;
    if (isJsonObject(tools) && tools.enableHooks === false) problems.push('"tools.enableHooks": false turns hooks off');
  }
  if (host === 'codex' && level === 'user') {
    const dir = e.env.CODEX_HOME ?? join(home(e.env), '.codex');
    const toml = readTextIfExists(join(dir, 'config.toml'));
    if (toml !== undefined && /^\s*(codex_)?hooks\s*=\s*false\b/m.test(toml)) problems.push('config.toml sets [features] hooks = false');
  }
  return problems;
}

function readTextIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function status(host: HostId, level: Level, e: Environment): HostStatus {
  const path = configPath(host, level, e);
  const exists = existsSync(path);
  if (!exists) return { host, level, path, exists, installed: [], missing: HOST_EVENTS[host].map((ev) => ev.name), problems: [] };
  const doc = readJsonObject(path, path);
  const hooks = isJsonObject(doc.hooks) ? doc.hooks : {};
  const installed: string[] = [];
  const missing: string[] = [];
  let program: string | undefined;
  for (const event of HOST_EVENTS[host]) {
    const list = hooks[event.name];
    if (Array.isArray(list) && ourEvents(host, list)) {
      installed.push(event.name);
      program ??= programOf(host, list);
    } else {
      missing.push(event.name);
    }
  }
  const problems = hostProblems(host, doc, e, level);
  if (installed.length > 0 && program !== undefined && !resolvable(program, e)) {
    const effect = host === 'cursor' ? 'Cursor would skip them (fail open)' : 'every prompt and tool call would be refused (fail closed)';
    problems.push(`\`${program}\` is not on PATH here: ${effect}; install leakproof globally or reinstall with --command`);
  }
  return { host, level, path, exists, installed, missing, ...(program !== undefined ? { program } : {}), problems };
}
