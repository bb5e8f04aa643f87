/**
 * RuleSpec → CompiledRule. Regexes compile lazily: a pre-commit run only pays for the rules
 * whose keywords occur in the staged bytes. `validateRules` compiles everything eagerly and is
 * what the loader of untrusted or freshly edited rules calls.
 */
import { ConfigError } from '../errors.js';
import type { RuleSpec } from '../model.js';
import { CHECKSUMS } from '../engine/checksum.js';
import { compile, type CompiledPattern, type LiteralSet, literalSet } from '../engine/regex.js';
import type { LoadedAutomaton } from '../engine/prefilter-ac.js';
import { catalogKeywords, neededBytes } from './catalog.js';

export interface CompiledRule {
  readonly spec: RuleSpec;
  readonly pattern: () => CompiledPattern;
  /** Resolved capture group of the secret. */
  readonly secretGroup: () => number;
  readonly appliesTo: (path: string) => boolean;
  readonly allowRegexes: () => readonly CompiledPattern[];
  readonly checksum: ((secret: string) => boolean) | undefined;
  /** Rules tagged `generic` yield to a provider rule that found the same secret. */
  readonly generic: boolean;
}

export interface Ruleset {
  readonly rules: readonly CompiledRule[];
  /** Distinct lower-cased keywords and, for each, the indices of rules that use it. */
  readonly keywords: readonly string[];
  readonly rulesByKeyword: readonly (readonly number[])[];
  readonly prefilter: () => LiteralSet;
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

/** Whether `input` holds a byte of every class (a few memchr passes, no regex). */
function holdsAll(input: Buffer, classes: readonly (readonly number[])[]): boolean {
  return classes.every((members) => members.some((b) => input.includes(b)));
}

/**
 * The rule's pattern, answering "no match" without compiling the regex for an input that lacks
 * every byte of a class its matches need (see neededBytes): a hook's prose prompt says "token"
 * and "password", so the keyword prefilter picks a dozen assignment rules, but it holds no `=`
 * or quote, and compiling those regexes was most of the hook's time. RE2 still decides every
 * match that can exist.
 */
function guarded(source: string, pattern: () => CompiledPattern, classes: readonly (readonly number[])[]): CompiledPattern {
  return {
    source,
    get groupCount() {
      return pattern().groupCount;
    },
    test: (input) => (typeof input !== 'string' && !holdsAll(input, classes) ? false : pattern().test(input)),
    matchAll: (input) => (holdsAll(input, classes) ? pattern().matchAll(input) : []),
  };
}

export function compileRule(spec: RuleSpec): CompiledRule {
  const where = `${spec.source}: rule "${spec.id}"`;
  const compiled = lazy(() => compile(spec.regex, where));
  const classes = neededBytes(spec.regex);
  const pattern = classes === undefined ? compiled : lazy(() => guarded(spec.regex, compiled, classes));
  const paths = lazy(() => (spec.paths ?? []).map((p) => compile(p, `${where} paths`)));
  const checksum = spec.checksum === undefined ? undefined : CHECKSUMS[spec.checksum];
  if (spec.checksum !== undefined && checksum === undefined) {
    throw new ConfigError(`${where}: unknown checksum "${spec.checksum}" (known: ${Object.keys(CHECKSUMS).join(', ')})`);
  }
  return {
    spec,
    pattern,
    secretGroup: lazy(() => (spec.secretGroup >= 0 ? spec.secretGroup : pattern().groupCount > 0 ? 1 : 0)),
    appliesTo: spec.paths === undefined ? () => true : (path) => paths().some((p) => p.test(path)),
    allowRegexes: lazy(() => (spec.allowlist?.regexes ?? []).map((r) => compile(r, `${where} allowlist`))),
    checksum,
    generic: spec.tags.includes('generic'),
  };
}

export function buildRuleset(specs: readonly RuleSpec[]): Ruleset {
  const rules = specs.map(compileRule);
  const index = new Map<string, number[]>();
  rules.forEach((rule, i) => {
    for (const k of rule.spec.keywords) {
      const list = index.get(k) ?? [];
      if (!list.includes(i)) list.push(i);
      index.set(k, list);
    }
  });
  const keywords = [...index.keys()];
  return {
    rules,
    keywords,
    rulesByKeyword: keywords.map((k) => index.get(k) ?? []),
    prefilter: lazy(() => keywordPrefilter(keywords)),
  };
}

/**
 * Bytes RE2's case folding maps onto ASCII letters (LONG S → s, KELVIN SIGN → k), which an
 * ASCII-folding automaton would not see. Input holding one is searched with RE2 instead.
 */
const UNICODE_FOLDS = [Buffer.from('\u017f', 'utf8'), Buffer.from('\u212a', 'utf8')];

/**
 * Which of `keywords` occur, case-insensitively. The build's automaton of the catalogue's
 * keywords answers without set-up and without loading the regex engine, so a run whose input
 * holds no keyword (most pre-commit scans, most agent hook calls) never loads `re2`; keywords it
 * does not hold (custom rules, non-ASCII keywords) go to an `RE2.Set` of those only.
 */
export function keywordPrefilter(keywords: readonly string[], built: LoadedAutomaton | undefined = catalogKeywords()): LiteralSet {
  if (built === undefined) return literalSet(keywords);
  const position = new Map(built.keywords.map((k, i) => [k, i]));
  const mapped = new Int32Array(built.keywords.length).fill(-1);
  const others: number[] = [];
  keywords.forEach((k, i) => {
    const at = position.get(k.toLowerCase());
    if (at === undefined) others.push(i);
    else mapped[at] = i;
  });
  const rest = lazy(() => literalSet(others.map((i) => keywords[i] ?? '')));
  const all = lazy(() => literalSet(keywords));
  return {
    present(input) {
      if (UNICODE_FOLDS.some((b) => input.includes(b))) return all().present(input);
      const found: number[] = [];
      for (const k of built.present(input)) {
        const i = mapped[k] ?? -1;
        if (i >= 0) found.push(i);
      }
      if (others.length > 0) for (const k of rest().present(input)) found.push(others[k] ?? 0);
      return found.sort((a, b) => a - b);
    },
  };
}

/** Compile every pattern now and check the constraints that need RE2 to answer. */
export function validateRules(ruleset: Ruleset): void {
  for (const rule of ruleset.rules) {
    const { spec } = rule;
    const where = `${spec.source}: rule "${spec.id}"`;
    const pattern = rule.pattern();
    if (spec.secretGroup > pattern.groupCount) {
      throw new ConfigError(`${where}: secretGroup ${spec.secretGroup} > ${pattern.groupCount} capture groups`);
    }
    if (pattern.test(Buffer.alloc(0))) throw new ConfigError(`${where}: regex can match the empty string`);
    rule.allowRegexes();
    rule.appliesTo('');
  }
}
