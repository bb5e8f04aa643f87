// Build step: validate rules/*.toml (shape, RE2 compile, groups) and write what a scan reads
// (src/rules/catalog.ts): dist/catalog.json (rules without examples, and what their patterns
// need), dist/catalog-index.json (where each rule lies in it), dist/keywords.bin (the keyword
// automaton), and dist/rules.json (everything, for tools and benches). Scans then start without
// parsing TOML, re-validating the catalogue or building a keyword matcher.
import { writeFileSync } from 'node:fs';
import { loadRuleDir } from '../dist/rules/load.js';
import { buildRuleset, validateRules } from '../dist/rules/compile.js';
import { CATALOG_INDEX, COMPILED_CATALOG, KEYWORD_TABLES, RUNTIME_CATALOG, RUNTIME_EMPTIED, windowFact } from '../dist/rules/catalog.js';
import { serializeAutomaton } from '../dist/engine/prefilter-ac.js';
import { requiredLiterals, requiredRun } from '../dist/engine/pattern-tree.js';
import { keywordWindowBound } from '../dist/engine/windows.js';
import { toAscii } from './ascii.js';

try {
  const specs = loadRuleDir();
  const ruleset = buildRuleset(specs);
  validateRules(ruleset);
  // Resolve each secret group now so a scan never compiles a regex twice to count its groups.
  const resolved = ruleset.rules.map((rule) => ({ ...rule.spec, secretGroup: rule.secretGroup() }));
  // Emptied rather than left out: the specs keep their shape and load without a copy.
  const rules = resolved.map((spec) => ({ ...spec, ...Object.fromEntries(RUNTIME_EMPTIED.map((field) => [field, []])) }));
  // See neededLiterals in src/rules/catalog.ts.
  const literals = (pattern) => requiredLiterals(pattern) ?? [];
  // Case-insensitive parts add what they need in a case-folded view of the text.
  const folded = (pattern) => (/\(\?[a-zA-Z]*i/.test(pattern) ? (requiredLiterals(pattern, true) ?? []) : []);
  const needs = resolved.map((spec) => literals(spec.regex));
  const foldedNeeds = resolved.map((spec) => folded(spec.regex));
  const pathNeeds = resolved.map((spec) => spec.paths?.map(literals) ?? null);
  const pathFolded = resolved.map((spec) => spec.paths?.map(folded) ?? null);
  // [the class's bytes as a string, the run's length], or null.
  const runs = resolved.map((spec) => {
    const run = requiredRun(spec.regex);
    return run === undefined ? null : [String.fromCharCode(...Array.from(run.bytes).flatMap((on, b) => (on === 1 ? [b] : []))), run.min];
  });
  const windows = resolved.map((spec) => windowFact(keywordWindowBound(spec.regex, spec.keywords)));
  // The automaton folds ASCII case only; other keywords are searched at run time with RE2's
  // case folding (src/rules/compile.ts).
  const asciiKeywords = ruleset.keywords.filter((k) => /^[\x20-\x7e]+$/.test(k));
  // Written last: catalog.ts trusts the runtime files only when they are newer than rules/*.toml.
  writeFileSync(COMPILED_CATALOG, JSON.stringify(resolved));
  writeFileSync(KEYWORD_TABLES, serializeAutomaton(asciiKeywords, asciiKeywords.length === ruleset.keywords.length));
  // ASCII only (a few patterns hold `→`): see scripts/ascii.js.
  // Each rule's JSON, and what the build found its patterns need, at known byte offsets (ASCII:
  // characters are bytes), so the lazy catalogue (src/rules/compile.ts) parses only the rules a
  // text's keywords name.
  let text = '';
  const slices = (key, values) => {
    const offsets = [];
    text += `${text === '' ? '{' : ','}${JSON.stringify(key)}:[`;
    values.forEach((value, i) => {
      if (i > 0) text += ',';
      const json = toAscii(JSON.stringify(value));
      offsets.push(text.length, text.length + json.length);
      text += json;
    });
    text += ']';
    return offsets;
  };
  const offsets = slices('rules', rules);
  const factOffsets = slices('facts', resolved.map((_, i) => ({ needs: needs[i], folded: foldedNeeds[i], pathNeeds: pathNeeds[i], pathFolded: pathFolded[i], run: runs[i], window: windows[i] })));
  const rest = { keywords: ruleset.keywords, rulesByKeyword: ruleset.rulesByKeyword };
  text += `,${toAscii(JSON.stringify(rest)).slice(1)}`;
  const generic = ruleset.rules.flatMap((rule, i) => (rule.generic ? [i] : []));
  writeFileSync(CATALOG_INDEX, JSON.stringify({ offsets, factOffsets, generic, rulesByKeyword: ruleset.rulesByKeyword }));
  writeFileSync(RUNTIME_CATALOG, text);
} catch (error) {
  console.error(`leakproof build: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
