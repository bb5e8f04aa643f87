/**
 * The built-in catalogue. `npm run build` validates rules/*.toml once and writes
 * dist/rules.json, so a scan (above all the pre-commit hook) neither parses TOML nor
 * re-validates: it reads one JSON file and compiles regexes lazily.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RuleSpec } from '../model.js';
import { loadRuleDir } from './load.js';

export const COMPILED_CATALOG = fileURLToPath(new URL('../rules.json', import.meta.url));

export function builtinRules(): RuleSpec[] {
  if (existsSync(COMPILED_CATALOG)) {
    return JSON.parse(readFileSync(COMPILED_CATALOG, 'utf8')) as RuleSpec[];
  }
  return loadRuleDir();
}
