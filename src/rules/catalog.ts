/**
 * The built-in catalogue. `npm run build` validates rules/*.toml once and writes what a scan
 * needs into dist/, so a scan (above all the pre-commit hook and the agent hook) neither parses
 * TOML nor re-validates:
 * - dist/catalog.json: the rules without their examples and references (a scan never reads
 *   them; `rules check` reads the TOML), secret groups resolved; regexes compile lazily. Next to
 *   each rule, what every match of its patterns holds (engine/pattern-tree.ts `requiredLiterals`,
 *   `requiredRun`), so a rule whose keyword occurs in a text that lacks it is never compiled.
 * - dist/catalog-index.json: where each rule lies in dist/catalog.json, its generic flag and the
 *   keyword index, so a lazy ruleset (rules/compile.ts) parses only the rules a text names.
 * - dist/keywords.bin: the keyword automaton of the catalogue (engine/prefilter-ac.ts), so
 *   finding which rules can match needs neither construction nor the regex engine.
 * - dist/rules.json: the full validated catalogue, examples included, for tools and benches.
 * When a rule file is newer than the compiled catalogue (a rule edited without a rebuild) the
 * TOML is read instead, so an edit is never silently ignored.
 */
import { openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleSpec } from '../model.js';
import { type LoadedAutomaton, loadAutomaton } from '../engine/prefilter-ac.js';
import type { LengthBound } from '../engine/match-length.js';
import { byteClassOf } from '../engine/pattern-tree.js';
import { BUILTIN_RULES_DIR, loadRuleDir } from './load.js';

const dist = (name: string): string => fileURLToPath(new URL(`../${name}`, import.meta.url));
export const COMPILED_CATALOG = dist('rules.json');
export const RUNTIME_CATALOG = dist('catalog.json');
export const KEYWORD_TABLES = dist('keywords.bin');
export const CATALOG_INDEX = dist('catalog-index.json');

/** The fields a scan does not read: empty in the runtime catalogue. */
export const RUNTIME_EMPTIED = ['examples', 'negativeExamples', 'references'] as const;

function compiledIsCurrent(file: string): boolean {
  const compiled = statSync(file, { throwIfNoEntry: false });
  if (compiled === undefined) return false;
  for (const name of readdirSync(BUILTIN_RULES_DIR)) {
    if (name.endsWith('.toml') && statSync(join(BUILTIN_RULES_DIR, name)).mtimeMs > compiled.mtimeMs) return false;
  }
  return true;
}

let current: boolean | undefined;

/** Whether the runtime files are the build of the rule files there now (asked once per process). */
export function runtimeCatalogIsCurrent(): boolean {
  current ??= compiledIsCurrent(RUNTIME_CATALOG);
  return current;
}

/** Distinct keywords and, for each, the indices of the rules that use it. */
export interface KeywordIndex {
  readonly keywords: readonly string[];
  readonly rulesByKeyword: readonly (readonly number[])[];
}

/** Groups of literals of which every match of a pattern holds one (engine/pattern-tree.ts requiredLiterals). */
export type LiteralGroups = readonly (readonly string[])[];

/** A run every match holds: the bytes of its class (as a string) and its least length (requiredRun). */
export type NeededRun = readonly [string, number];

/**
 * dist/catalog.json: the rules, what the build found their patterns need (`facts[i]`), and their
 * keyword index (as src/rules/compile.ts makes it).
 */
export interface RuntimeCatalog extends KeywordIndex {
  readonly rules: RuleSpec[];
  readonly facts: readonly CatalogFacts[];
}

/**
 * How far a rule's matches reach around a keyword hit (engine/windows.ts keywordWindowBound): the
 * fixed bytes and, per unbounded run, its class's bytes (as a string) and how many such runs; null:
 * not bounded by keyword windows.
 */
export type WindowFact = readonly [number, readonly (readonly [string, number])[]] | null;

/**
 * What the build found a rule's regex (`needs`, `folded`, `run`) and path patterns (`pathNeeds`,
 * `pathFolded`) need; `folded` groups are for the case-folded view of a text (`(?i)` patterns).
 * `window` is absent from a catalogue built before it was added.
 */
export interface CatalogFacts {
  readonly needs: LiteralGroups;
  readonly folded: LiteralGroups;
  readonly pathNeeds: readonly LiteralGroups[] | null;
  readonly pathFolded: readonly LiteralGroups[] | null;
  readonly run: NeededRun | null;
  readonly window?: WindowFact;
}

/**
 * dist/catalog-index.json: where each rule's JSON lies in dist/catalog.json (`offsets[2i]` to
 * `offsets[2i + 1]`, bytes) and its CatalogFacts (`factOffsets`), which rules are generic, and
 * the catalogue's keyword index: what a lazy ruleset needs before it parses any rule.
 */
export interface CatalogIndexFile {
  readonly offsets: readonly number[];
  readonly factOffsets: readonly number[];
  readonly generic: readonly number[];
  readonly rulesByKeyword: readonly (readonly number[])[];
}

/** The index file, or undefined when it cannot be read (the lazy catalogue is then not used). */
export function readCatalogIndex(): CatalogIndexFile | undefined {
  try {
    return JSON.parse(readFileSync(CATALOG_INDEX, 'latin1')) as CatalogIndexFile;
  } catch {
    return undefined;
  }
}

let catalogFd: number | undefined;

/**
 * Bytes [from, to) of dist/catalog.json as text (ASCII: see scripts/compile-rules.js), for
 * parsing one rule at a time: a hook reads the few rules a text names, not the whole file.
 */
export function readCatalogSlice(from: number, to: number): string {
  catalogFd ??= openSync(RUNTIME_CATALOG, 'r');
  const bytes = Buffer.allocUnsafe(to - from);
  let n = 0;
  while (n < bytes.length) {
    const read = readSync(catalogFd, bytes, n, bytes.length - n, from + n);
    if (read === 0) break;
    n += read;
  }
  return bytes.toString('latin1', 0, n);
}

/**
 * What every match of a pattern holds, as far as the build could prove: a string of each group
 * of `literals` in the text, of each group of `folded` in its case-folded view
 * (engine/pattern-tree.ts `foldedView`), and the run.
 */
export interface Needed {
  readonly literals: LiteralGroups;
  readonly folded: LiteralGroups;
  readonly run: NeededRun | undefined;
}

/**
 * What a rule's regex and each of its path patterns need (undefined: nothing to check), and how
 * far its matches reach around a keyword (undefined: not known from the build).
 */
export interface RuleNeeds {
  readonly needs: Needed | undefined;
  readonly pathNeeds: readonly (Needed | undefined)[] | undefined;
  readonly window: LengthBound | null | undefined;
}

/** The build's analysis as a Needed, or undefined when it found nothing to check. */
function asNeeded(literals: LiteralGroups | null | undefined, folded: LiteralGroups | null | undefined, run: NeededRun | null | undefined): Needed | undefined {
  const groups = literals ?? [];
  const foldedGroups = folded ?? [];
  if (groups.length === 0 && foldedGroups.length === 0 && (run ?? undefined) === undefined) return undefined;
  return { literals: groups, folded: foldedGroups, run: run ?? undefined };
}

/** A rule's CatalogFacts as what its patterns need. */
export function ruleNeeds(facts: CatalogFacts | undefined): RuleNeeds {
  return {
    needs: asNeeded(facts?.needs, facts?.folded, facts?.run),
    pathNeeds: facts?.pathNeeds?.map((groups, j) => asNeeded(groups, facts.pathFolded?.[j], undefined)),
    window: facts?.window === undefined ? undefined : facts.window && { fixed: facts.window[0], runs: facts.window[1].map(([members, count]) => ({ bytes: byteClassOf(members), count })) },
  };
}

/** A LengthBound as the build writes it (see WindowFact). */
export function windowFact(bound: LengthBound | null): WindowFact {
  return bound && [bound.fixed, bound.runs.map(({ bytes, count }) => [String.fromCharCode(...Array.from(bytes).flatMap((on, b) => (on === 1 ? [b] : []))), count] as const)];
}

let loaded: RuntimeCatalog | undefined;

/**
 * The build's keyword index when `specs` are the runtime catalogue's own rules, in its order (a
 * policy that disables or overrides nothing): indexing ~1,400 keywords again costs a scan ~1 ms.
 */
export function catalogIndex(specs: readonly RuleSpec[]): KeywordIndex | undefined {
  const rules = loaded?.rules;
  if (rules === undefined || rules.length !== specs.length) return undefined;
  for (let i = 0; i < specs.length; i++) if (specs[i] !== rules[i]) return undefined;
  return loaded;
}

/** By pattern source: what a pattern needs depends on the pattern alone, whichever rule carries it. */
let neededByPattern: Map<string, Needed> | undefined;
/** By regex and keywords (see `knownWindow`). */
let windowByRule: Map<string, LengthBound | null> | undefined;

/**
 * What the build found every match of this exact pattern holds (literal groups: one string of
 * each; a run of token characters), or undefined when the build did not analyse it (a custom
 * rule, a stale catalogue).
 */
export function needed(pattern: string): Needed | undefined {
  // Made on the first rule that runs: a run whose text holds no keyword never hashes the regexes.
  if (neededByPattern === undefined) {
    const known = new Map<string, Needed>();
    const add = (source: string | undefined, need: Needed | undefined): void => {
      if (source !== undefined && need !== undefined) known.set(source, need);
    };
    const windows = new Map<string, LengthBound | null>();
    const catalog = loaded;
    catalog?.rules.forEach((spec, i) => {
      const { needs, pathNeeds, window } = ruleNeeds(catalog.facts[i]);
      add(spec.regex, needs);
      spec.paths?.forEach((path, j) => add(path, pathNeeds?.[j]));
      if (window !== undefined) windows.set(windowKey(spec), window);
    });
    neededByPattern = known;
    windowByRule = windows;
  }
  return neededByPattern.get(pattern);
}

const windowKey = (spec: RuleSpec): string => `${spec.regex}\n${spec.keywords.join('\n')}`;

/**
 * What the build found about how far matches of a rule with this regex and these keywords reach
 * around a keyword hit, or undefined when it did not analyse them.
 */
export function knownWindow(spec: RuleSpec): LengthBound | null | undefined {
  if (windowByRule === undefined) needed(spec.regex);
  return windowByRule?.get(windowKey(spec));
}

/**
 * Lets rules built from specs in this thread use the build's facts about their patterns, as
 * `builtinRules` does for its own: a worker thread gets the specs as data. The facts depend on a
 * pattern (and keywords) alone, so they hold for any rule that carries the same ones.
 */
export function useCatalogFacts(): void {
  if (loaded !== undefined) return;
  try {
    loaded = JSON.parse(readFileSync(RUNTIME_CATALOG, 'utf8')) as RuntimeCatalog;
    neededByPattern = undefined;
    windowByRule = undefined;
  } catch {
    // Not built: every pattern is analysed when used, as for a custom rule.
  }
}

/**
 * The catalogue as a scan uses it. Rules read from dist/catalog.json carry no examples: check
 * them with `leakproof rules check` (or `loadRuleDir`), never through this list.
 */
export function builtinRules(): RuleSpec[] {
  if (!runtimeCatalogIsCurrent()) return loadRuleDir();
  const catalog = JSON.parse(readFileSync(RUNTIME_CATALOG, 'utf8')) as RuntimeCatalog;
  loaded = catalog;
  neededByPattern = undefined;
  windowByRule = undefined;
  return catalog.rules;
}

let automaton: LoadedAutomaton | null | undefined;

/**
 * The build's keyword automaton, or undefined when there is none this code can read. It need
 * not match the rules in use: callers map its keywords to theirs by text.
 */
export function catalogKeywords(): LoadedAutomaton | undefined {
  if (automaton === undefined) {
    let bytes: Buffer | undefined;
    try {
      bytes = readFileSync(KEYWORD_TABLES);
    } catch {
      bytes = undefined;
    }
    automaton = (bytes && loadAutomaton(bytes)) ?? null;
  }
  return automaton ?? undefined;
}
