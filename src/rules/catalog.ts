/**
 * The built-in catalogue. `npm run build` validates rules/*.toml once and writes
 * dist/rules.json, so a scan (above all the pre-commit hook) neither parses TOML nor
 * re-validates: it reads one JSON file and compiles regexes lazily. When a rule file is newer
 * than that JSON (a rule edited without a rebuild) the TOML is read instead, so an edit is
 * never silently ignored.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleSpec } from '../model.js';
import { BUILTIN_RULES_DIR, loadRuleDir } from './load.js';

export const COMPILED_CATALOG = fileURLToPath(new URL('../rules.json', import.meta.url));

function compiledIsCurrent(): boolean {
  const compiled = statSync(COMPILED_CATALOG, { throwIfNoEntry: false });
  if (compiled === undefined) return false;
  for (const name of readdirSync(BUILTIN_RULES_DIR)) {
    if (name.endsWith('.toml') && statSync(join(BUILTIN_RULES_DIR, name)).mtimeMs > compiled.mtimeMs) return false;
  }
  return true;
}

export function builtinRules(): RuleSpec[] {
  if (compiledIsCurrent()) return JSON.parse(readFileSync(COMPILED_CATALOG, 'utf8')) as RuleSpec[];
  return loadRuleDir();
}
