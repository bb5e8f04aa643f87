/** Reading rule files: TOML from disk, validated; duplicate ids rejected. */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, TomlError } from 'smol-toml';
import { ConfigError } from '../errors.js';
import type { RuleSpec } from '../model.js';
import { isTable, validateRuleSpec } from './schema.js';

/** The package's `rules/` folder (next to `dist/` and `src/`). */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

export function parseToml(text: string, file: string): Record<string, unknown> {
  try {
    return parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    // smol-toml's TomlError carries the position; name it so the user can jump there.
    const at = error instanceof TomlError ? `:${error.line}:${error.column}` : '';
    throw new ConfigError(`${file}${at}: invalid TOML: ${(why ?? '').replace(/^Invalid TOML document: /, '')}`);
  }
}

export function rulesFromTable(doc: Record<string, unknown>, file: string): RuleSpec[] {
  const rules = doc.rules;
  if (rules === undefined) return [];
  if (!Array.isArray(rules)) throw new ConfigError(`${file}: "rules" must be an array of tables ([[rules]])`);
  return rules.map((raw, i) => validateRuleSpec(raw, file, i));
}

export function loadRuleFile(path: string, label = basename(path)): RuleSpec[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${label}: cannot read rules file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const doc = parseToml(text, label);
  for (const key of Object.keys(doc)) {
    if (key !== 'rules') throw new ConfigError(`${label}: unknown top-level key "${key}"`);
  }
  if (!isTable(doc)) throw new ConfigError(`${label}: not a table`);
  return rulesFromTable(doc, label);
}

/** Every `*.toml` file in `dir`, in name order, ids unique across files. */
export function loadRuleDir(dir = BUILTIN_RULES_DIR): RuleSpec[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.toml')).sort();
  const all: RuleSpec[] = [];
  for (const f of files) all.push(...loadRuleFile(join(dir, f), `rules/${f}`));
  assertUniqueIds(all);
  return all;
}

export function assertUniqueIds(rules: readonly RuleSpec[]): void {
  const seen = new Map<string, string>();
  for (const r of rules) {
    const first = seen.get(r.id);
    if (first !== undefined) throw new ConfigError(`${r.source}: rule "${r.id}" duplicates the id defined in ${first}`);
    seen.set(r.id, r.source);
  }
}
