// Build step: validate rules/*.toml (shape, RE2 compile, groups) and write dist/rules.json so
// that scans start without parsing TOML or re-validating the catalogue.
import { writeFileSync } from 'node:fs';
import { loadRuleDir } from '../dist/rules/load.js';
import { buildRuleset, validateRules } from '../dist/rules/compile.js';
import { COMPILED_CATALOG } from '../dist/rules/catalog.js';

try {
  const specs = loadRuleDir();
  const ruleset = buildRuleset(specs);
  validateRules(ruleset);
  // Resolve each secret group now so a scan never compiles a regex twice to count its groups.
  const resolved = ruleset.rules.map((rule) => ({ ...rule.spec, secretGroup: rule.secretGroup() }));
  writeFileSync(COMPILED_CATALOG, JSON.stringify(resolved));
} catch (error) {
  console.error(`leakproof build: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
