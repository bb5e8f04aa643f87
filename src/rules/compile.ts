/**
 * RuleSpec → CompiledRule. Regexes compile lazily: a pre-commit run only pays for the rules
 * whose keywords occur in the staged bytes. `validateRules` compiles everything eagerly and is
 * what the loader of untrusted or freshly edited rules calls.
 */
import { ConfigError } from '../errors.js';
import type { RuleSpec } from '../model.js';
import { CHECKSUMS } from '../engine/checksum.js';
import { compile, type CompiledPattern, type LiteralSet, literalSet } from '../engine/regex.js';
import { type LoadedAutomaton, renumber } from '../engine/prefilter-ac.js';
import { foldedView, FOLDS_ONTO_ASCII } from '../engine/pattern-tree.js';
import type { LengthBound } from '../engine/match-length.js';
import { keywordWindowBound } from '../engine/windows.js';
import { type CatalogFacts, catalogIndex, catalogKeywords, type KeywordIndex, knownWindow, type LiteralGroups, type Needed, needed, type NeededRun, readCatalogIndex, readCatalogSlice, type RuleNeeds, ruleNeeds, runtimeCatalogIsCurrent } from './catalog.js';

export interface CompiledRule {
  readonly spec: RuleSpec;
  pattern(): CompiledPattern;
  /** Resolved capture group of the secret. */
  secretGroup(): number;
  appliesTo(path: string): boolean;
  allowRegexes(): readonly CompiledPattern[];
  readonly checksum: ((secret: string) => boolean) | undefined;
  /** Rules tagged `generic` yield to a provider rule that found the same secret. */
  readonly generic: boolean;
  /** How far its matches reach around a keyword hit (engine/windows.ts keywordWindowBound). */
  windowBound(): LengthBound | null;
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

/**
 * Above this size an input is matched without checking what matches need: a text that large
 * holds most short literals and runs anyway, and each check would cost a pass over it.
 */
const CHECKED_INPUT_BYTES = 64 * 1024;

/** What a pattern's matches need, ready to check (see `Needed`). */
interface Checks {
  readonly groups: readonly (readonly Buffer[])[];
  readonly folded: readonly (readonly Buffer[])[];
  readonly run: ((bytes: Buffer) => boolean) | undefined;
}

/** Case-folded views, made once per input for all the `(?i)` patterns that check it. */
const foldedViews = new WeakMap<Buffer, Buffer>();

function foldedOf(bytes: Buffer): Buffer {
  let view = foldedViews.get(bytes);
  if (view === undefined) {
    view = foldedView(bytes);
    foldedViews.set(bytes, view);
  }
  return view;
}

const holdsOneOf = (text: Buffer) => (group: readonly Buffer[]) => group.some((literal) => text.includes(literal));

/** Whether `input` holds what its matches need (a few native searches, one pass, no regex). */
function holdsAll(input: Buffer | string, { groups, folded, run }: Checks): boolean {
  if (input.length > CHECKED_INPUT_BYTES) return true;
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (!groups.every(holdsOneOf(bytes))) return false;
  if (folded.length > 0 && !folded.every(holdsOneOf(foldedOf(bytes)))) return false;
  return run === undefined || run(bytes);
}

/** Whether a text holds `min` bytes of the class in a row. */
function holdsRun([members, min]: NeededRun): (bytes: Buffer) => boolean {
  const inClass = new Uint8Array(256);
  for (let i = 0; i < members.length; i++) inClass[members.charCodeAt(i)] = 1;
  return (bytes) => {
    for (let i = 0, run = 0; i < bytes.length; i++) {
      run = inClass[bytes[i] ?? 0] === 1 ? run + 1 : 0;
      if (run >= min) return true;
    }
    return false;
  };
}

/**
 * A rule's pattern (its regex or one of its path patterns) that answers "no match" without
 * compiling for an input that lacks what its matches need (see `needed`): a hook's prose prompt
 * says "token" and "password", so the keyword prefilter picks a dozen assignment rules, but it
 * holds no `=`, quote, upper-case `TOKEN` or 16 token characters in a row, and compiling those
 * regexes (and loading RE2 for them) was most of the hook's time; a staged `src/app.ts` needs no
 * RE2 to rule out a `.env.example` path pattern. RE2 still decides every match that can exist.
 */
function rulePattern(source: string, where: () => string, needs: Needed | undefined = needed(source)): CompiledPattern {
  if (needs === undefined) return compile(source, where());
  const asBuffers = (groups: LiteralGroups) => groups.map((group) => group.map((literal) => Buffer.from(literal, 'latin1')));
  const checks: Checks = {
    groups: asBuffers(needs.literals),
    folded: asBuffers(needs.folded),
    run: needs.run === undefined ? undefined : holdsRun(needs.run),
  };
  const pattern = lazy(() => compile(source, where()));
  return {
    source,
    get groupCount() {
      return pattern().groupCount;
    },
    test: (input) => holdsAll(input, checks) && pattern().test(input),
    matchAll: (input) => (holdsAll(input, checks) ? pattern().matchAll(input) : []),
  };
}

/** Where the rules of a lazy catalogue are read from (see `lazyCatalogRuleset`). */
interface CatalogSource {
  spec(at: number): RuleSpec;
  facts(at: number): RuleNeeds;
  readonly generic: ReadonlySet<number>;
}

/**
 * One object per rule, its regexes made on first use; a catalogue rule of the lazy ruleset also
 * parses its spec on first use. A class rather than closures: every scan builds the whole
 * catalogue's rules (~470) and uses a handful, and per-rule closures were most of what the agent
 * hook allocated (and then garbage-collected) before answering.
 */
class Rule implements CompiledRule {
  readonly generic: boolean;
  private loaded: RuleSpec | undefined;
  private compiled: CompiledPattern | undefined;
  private paths: readonly CompiledPattern[] | undefined;
  private group: number | undefined;
  private allows: readonly CompiledPattern[] | undefined;
  private bound: LengthBound | null | undefined;
  /** A lazy catalogue rule: where its spec and facts are read from, and its place there. */
  private readonly source: CatalogSource | undefined;
  private readonly at: number;
  private parsedFacts: RuleNeeds | undefined;

  constructor(spec: RuleSpec | { readonly catalog: CatalogSource; readonly at: number }) {
    if ('catalog' in spec) {
      // The build validated catalogue rules (checksum names included).
      this.source = spec.catalog;
      this.at = spec.at;
      this.generic = spec.catalog.generic.has(spec.at);
      return;
    }
    this.source = undefined;
    this.at = -1;
    this.loaded = spec;
    if (spec.checksum !== undefined && CHECKSUMS[spec.checksum] === undefined) {
      throw new ConfigError(`${this.where()}: unknown checksum "${spec.checksum}" (known: ${Object.keys(CHECKSUMS).join(', ')})`);
    }
    this.generic = spec.tags.includes('generic');
  }

  private get facts(): RuleNeeds | undefined {
    if (this.source === undefined) return undefined;
    this.parsedFacts ??= this.source.facts(this.at);
    return this.parsedFacts;
  }

  get spec(): RuleSpec {
    // One of `loaded` and `source` is always set by the constructor.
    this.loaded ??= (this.source as CatalogSource).spec(this.at);
    return this.loaded;
  }

  get checksum(): ((secret: string) => boolean) | undefined {
    const name = this.spec.checksum;
    return name === undefined ? undefined : CHECKSUMS[name];
  }

  private where(): string {
    return `${this.spec.source}: rule "${this.spec.id}"`;
  }

  pattern(): CompiledPattern {
    const { facts } = this;
    this.compiled ??= rulePattern(this.spec.regex, () => this.where(), facts?.needs);
    return this.compiled;
  }

  secretGroup(): number {
    this.group ??= this.spec.secretGroup >= 0 ? this.spec.secretGroup : this.pattern().groupCount > 0 ? 1 : 0;
    return this.group;
  }

  appliesTo(path: string): boolean {
    const { paths } = this.spec;
    if (paths === undefined) return true;
    const where = (): string => `${this.where()} paths`;
    const { facts } = this;
    this.paths ??= paths.map((p, i) => rulePattern(p, where, facts?.pathNeeds?.[i]));
    return this.paths.some((p) => p.test(path));
  }

  windowBound(): LengthBound | null {
    if (this.bound === undefined) {
      const { spec } = this;
      const known = this.source === undefined ? knownWindow(spec) : this.facts?.window;
      this.bound = known === undefined ? keywordWindowBound(spec.regex, spec.keywords) : known;
    }
    return this.bound;
  }

  allowRegexes(): readonly CompiledPattern[] {
    this.allows ??= (this.spec.allowlist?.regexes ?? []).map((r) => compile(r, `${this.where()} allowlist`));
    return this.allows;
  }
}

export function buildRuleset(specs: readonly RuleSpec[]): Ruleset {
  const rules = specs.map((spec) => new Rule(spec));
  // The build indexed the catalogue's keywords already; any other list of rules is indexed here.
  const { keywords, rulesByKeyword } = catalogIndex(specs) ?? indexKeywords(specs);
  return { rules, keywords, rulesByKeyword, prefilter: lazy(() => keywordPrefilter(keywords)) };
}

/**
 * The built-in catalogue as it is, as a ruleset that parses a rule only when a text holds one
 * of its keywords: most agent hook calls (an ordinary command, a file read) hold none, a prose
 * prompt names a dozen of ~470 rules, and parsing dist/catalog.json and building every rule was
 * the largest part of a hook's own time. Undefined when the build's keyword automaton does not
 * hold every keyword of the current catalogue (a miss there would then not prove a miss) or its
 * index cannot be read: callers build the ruleset as usual.
 */
export function lazyCatalogRuleset(): Ruleset | undefined {
  const built = catalogKeywords();
  if (built === undefined || !built.complete || !runtimeCatalogIsCurrent()) return undefined;
  const index = readCatalogIndex();
  if (index === undefined) return undefined;
  const slice = <T>(offsets: readonly number[], i: number): T => JSON.parse(readCatalogSlice(offsets[2 * i] ?? 0, offsets[2 * i + 1] ?? 0)) as T;
  const source: CatalogSource = {
    spec: (i) => slice<RuleSpec>(index.offsets, i),
    facts: (i) => ruleNeeds(slice<CatalogFacts>(index.factOffsets, i)),
    generic: new Set(index.generic),
  };
  const rules = Array.from({ length: index.offsets.length / 2 }, (_, at) => new Rule({ catalog: source, at }));
  return {
    rules,
    // Read only by larger scans: a hook asks the automaton which keywords are present, by number.
    get keywords() {
      return built.keywords;
    },
    rulesByKeyword: index.rulesByKeyword,
    prefilter: lazy(() => automatonPrefilter(built)),
  };
}

/** Distinct keywords in order of first use and, for each, the rules that use it. */
export function indexKeywords(specs: readonly RuleSpec[]): KeywordIndex {
  const index = new Map<string, number[]>();
  specs.forEach((spec, i) => {
    for (const k of spec.keywords) {
      const list = index.get(k) ?? [];
      if (!list.includes(i)) list.push(i);
      index.set(k, list);
    }
  });
  const keywords = [...index.keys()];
  return { keywords, rulesByKeyword: keywords.map((k) => index.get(k) ?? []) };
}

/**
 * Whether input holds a character RE2's case folding maps onto an ASCII letter, which an
 * ASCII-folding automaton would not see: such input is searched with RE2 instead.
 */
const holdsUnicodeFold = (input: Buffer): boolean => FOLDS_ONTO_ASCII.some(({ bytes }) => input.includes(bytes));

/**
 * Which of `keywords` occur, case-insensitively. The build's automaton of the catalogue's
 * keywords answers without set-up and without loading the regex engine, so a run whose input
 * holds no keyword (most pre-commit scans, most agent hook calls) never loads `re2`; keywords it
 * does not hold (custom rules, non-ASCII keywords) go to an `RE2.Set` of those only.
 */
/** The build's automaton for exactly its own keywords (RE2 only for text a `(?i)` fold could hide a keyword in). */
function automatonPrefilter(built: LoadedAutomaton): LiteralSet {
  const all = lazy(() => literalSet(built.keywords));
  return { present: (input) => (holdsUnicodeFold(input) ? all().present(input) : built.present(input)) };
}

export function keywordPrefilter(keywords: readonly string[], built: LoadedAutomaton | undefined = catalogKeywords()): LiteralSet {
  if (built === undefined) return literalSet(keywords);
  // The catalogue's own keywords, in the automaton's order (no custom rules): its answer as is.
  if (keywords.length === built.keywords.length && keywords.every((k, i) => k === built.keywords[i])) return automatonPrefilter(built);
  const all = lazy(() => literalSet(keywords));
  const { ours: mapped, missing: others } = renumber(built, keywords);
  const rest = lazy(() => literalSet(others.map((i) => keywords[i] ?? '')));
  return {
    present(input) {
      if (holdsUnicodeFold(input)) return all().present(input);
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
