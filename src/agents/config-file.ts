/**
 * Reading and writing a host's JSON config without losing anything of the user's: the file
 * must parse as a JSON object (otherwise leakproof refuses and says where), and it is written
 * back atomically — temporary file beside it, same mode, rename — so a crash never leaves a
 * half-written settings file behind.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../errors.js';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The file as an object; `{}` when it does not exist. */
export function readJsonObject(path: string, label: string): JsonObject {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`${label}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigError(`${label}: not valid JSON (comments are not supported); leakproof will not rewrite it — fix it or add the hooks by hand (see docs/agents.md)`);
  }
  if (!isJsonObject(value)) throw new ConfigError(`${label}: not a JSON object; leakproof will not rewrite it`);
  return value;
}

export function writeFileAtomic(path: string, text: string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const mode = statSync(path, { throwIfNoEntry: false })?.mode;
  const temp = join(dir, `.${basename(path)}.leakproof-${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    if (mode !== undefined) chmodSync(temp, mode & 0o7777);
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw new ConfigError(`${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export function writeJsonObject(path: string, value: JsonObject): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
