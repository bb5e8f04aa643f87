/**
 * Which rules to run on a buffer, and on which byte ranges of it.
 *
 * A rule runs when one of its keywords occurs anywhere in the buffer (rules/README.md). When
 * its regex provably puts a keyword inside every match (`matchesContainKeyword`) and a match is
 * at most `maxMatchLength(regex)` bytes long, all of its matches lie within ±span of its
 * keyword hits. Running the regex only on those windows returns exactly the matches the whole
 * buffer would give: no match of the rule can start or end near a window edge (it would need a
 * keyword hit within span of the edge, and the window reaches span + PAD past every hit), so
 * edge context (`^`, `\b`, `(?:^|[^…])`) and leftmost-first order never differ. Measured on
 * real code (bench/README.md) this is 2–3× faster than whole-buffer regexes, because keywords
 * such as `aws` or `token` hit most files but only a few bytes around each hit matter.
 *
 * A repeat such as `\s*` or `[A-Za-z0-9]+` matches one run of bytes of its class, so in a given
 * buffer it is no longer than that buffer's longest such run: the span bound counts it at a cap
 * the buffer is checked not to exceed (`matchLengthBound`, `runCap`). Rules with other unbounded parts (`.*`), rules whose keyword is
 * context next to the match rather than part of it, and small buffers use the whole buffer. One known gap: the
 * keyword search folds ASCII case only, so a match spelled with KELVIN SIGN or LONG S for k/s
 * under `(?i)` is found only in whole-buffer mode.
 */
import type { Ruleset } from '../rules/compile.js';
import { catalogKeywords } from '../rules/catalog.js';
import { buildAutomaton, type KeywordHits, renumber } from './prefilter-ac.js';
import { compile, type CompiledPattern, type PatternSet, patternSet } from './regex.js';
import { matchesContainKeyword } from './keyword-inside.js';
import { type LengthBound, matchLengthBound } from './match-length.js';
import type { ByteClass } from './pattern-tree.js';

/** Byte range [start, end) of the buffer to run a rule's regex on. */
export type Region = readonly [number, number];

export interface RulePlan {
  /** Index into `ruleset.rules`. */
  readonly rule: number;
  /** Ascending, disjoint. */
  readonly regions: readonly Region[];
}

/** Below this, one RE2.Set pass and whole-buffer regexes cost less than building windows. */
export const WINDOW_MIN_BYTES = 16 * 1024;
/**
 * The keyword automaton costs ~30 ms to build (cold) and windows save ~10–15 ms of regex time
 * per MB, so a ruleset switches to windows only once it has scanned this much: a pre-commit
 * scan never pays for the automaton, a tree scan pays once per thread.
 */
export const WINDOW_AFTER_BYTES = 2 * 1024 * 1024;
/** Past the span bound: room for the one byte of context `\b` looks at, with margin. */
const PAD = 8;

export interface PlanOptions {
  /** Overrides WINDOW_AFTER_BYTES (tests). */
  readonly windowAfterBytes?: number;
  /** Rules to leave out (paths that do not apply, generic rules on binary content); asked once per rule that hits. */
  readonly skip?: (rule: number) => boolean;
}

interface Prepared {
  readonly ac: KeywordScanner;
  /** One RE2.Set of the costly rules seen so far (see `matchingNowhere`); null: RE2 refused. */
  anywhere?: { readonly rules: readonly number[]; readonly set: PatternSet | null; passes: number };
  /** Per rule, indices into `ruleset.keywords` (see `keywordsOf`). */
  keywordsByRule?: readonly (readonly number[])[];
  /** Per costly rule: how often the Set found it lately; see FREQUENT. */
  readonly found: Map<number, number>;
  /** The Set's time over the keyword scan's on the same buffer, last SET_TRIAL_PASSES timed passes. */
  readonly setRatios: number[];
  /** The Set proved too slow (see SET_MAX_SCANS): every rule runs on its own. */
  setDropped: boolean;
}

const prepared = new WeakMap<Ruleset, Prepared>();
const scannedBytes = new WeakMap<Ruleset, number>();

function prepare(ruleset: Ruleset): Prepared {
  let p = prepared.get(ruleset);
  if (p === undefined) {
    p = { ac: keywordScanner(ruleset.keywords), found: new Map(), setRatios: [], setDropped: false };
    prepared.set(ruleset, p);
  }
  return p;
}

/** Keyword hits, numbered as `ruleset.keywords`. */
interface KeywordScanner {
  scan(input: Uint8Array): KeywordHits;
  /** Byte length of each keyword. */
  readonly lengths: readonly number[];
}

/**
 * The build's automaton of the catalogue's keywords (dist/keywords.bin) when it holds every
 * keyword of the ruleset, its hits renumbered: building one costs ~130 ms of CPU per thread
 * (and the 1.3 MB table a copy per thread). A ruleset with other keywords (custom rules,
 * non-ASCII ones) builds its own.
 */
function keywordScanner(keywords: readonly string[]): KeywordScanner {
  const built = catalogKeywords();
  if (built === undefined) return buildAutomaton(keywords);
  const { ours, missing } = renumber(built, keywords);
  if (missing.length > 0) return buildAutomaton(keywords);
  const lengths = new Array<number>(keywords.length).fill(0);
  ours.forEach((i, at) => {
    if (i >= 0) lengths[i] = built.lengths[at] ?? 0;
  });
  return {
    lengths,
    scan(input) {
      const hits = built.scan(input);
      const { keywords: ids, ends } = hits;
      // Keywords of rules left out of this ruleset (other paths, other config) drop out.
      let count = 0;
      for (let i = 0; i < hits.count; i++) {
        const k = ours[ids[i] ?? 0] ?? -1;
        if (k < 0) continue;
        ids[count] = k;
        ends[count] = ends[i] ?? 0;
        count++;
      }
      const seen = new Uint8Array(keywords.length);
      for (let i = 0; i < count; i++) seen[ids[i] ?? 0] = 1;
      return { count, keywords: ids, ends, seen };
    },
  };
}

/**
 * Use keyword windows from the first buffer on: for a worker thread that takes over part of a
 * scan already known to be large, the small-scan start (whole-buffer regexes until
 * WINDOW_AFTER_BYTES) would only repeat work the main thread has outgrown.
 */
export function expectLargeInput(ruleset: Ruleset): void {
  scannedBytes.set(ruleset, Math.max(scannedBytes.get(ruleset) ?? 0, WINDOW_AFTER_BYTES));
}

/** Indices into `ruleset.keywords` of each rule's keywords, built on first use. */
function keywordsOf(ruleset: Ruleset, p: Prepared, rule: number): readonly number[] {
  if (p.keywordsByRule === undefined) {
    const byRule: number[][] = ruleset.rules.map(() => []);
    ruleset.rulesByKeyword.forEach((rules, k) => {
      for (const r of rules) byRule[r]?.push(k);
    });
    p.keywordsByRule = byRule;
  }
  return p.keywordsByRule[rule] ?? [];
}

/**
 * How far around a keyword hit the matches of `regex` reach, or null when they need not hold
 * one of `keywords` or have other unbounded parts (then the rule runs on the whole buffer). The
 * build answers this for catalogue rules (rules/catalog.ts CatalogFacts.window).
 */
export function keywordWindowBound(regex: string, keywords: readonly string[]): LengthBound | null {
  return (matchesContainKeyword(regex, keywords) ? matchLengthBound(regex) : undefined) ?? null;
}

/**
 * A run of `cls` in this buffer is at most this long: 64, 999 or Infinity. Checked with RE2
 * (`[class]{65}` on the Buffer, a native pass at ~1 GB/s) rather than by counting in JS.
 */
const RUN_CAPS = [64, 999];
const runTesters = new Map<ByteClass, CompiledPattern[]>();

function runCap(bytes: Buffer, cls: ByteClass): number {
  let testers = runTesters.get(cls);
  if (testers === undefined) {
    const members: string[] = [];
    cls.forEach((on, b) => {
      if (on === 1) members.push(`\\x${b.toString(16).padStart(2, '0')}`);
    });
    testers = RUN_CAPS.map((cap) => compile(`[${members.join('')}]{${cap + 1}}`, 'keyword window run check'));
    runTesters.set(cls, testers);
  }
  for (let i = 0; i < RUN_CAPS.length; i++) if (testers[i]?.test(bytes) === false) return RUN_CAPS[i] ?? 0;
  return Number.POSITIVE_INFINITY;
}

/** Every class a bound has used, and per pair whether the first is within the second. */
const knownClasses: ByteClass[] = [];
const within = new Map<ByteClass, Map<ByteClass, boolean>>();

function isWithin(a: ByteClass, b: ByteClass): boolean {
  let row = within.get(a);
  if (row === undefined) {
    row = new Map();
    within.set(a, row);
  }
  let known = row.get(b);
  if (known === undefined) {
    known = a.every((on, i) => on === 0 || b[i] === 1);
    row.set(b, known);
  }
  return known;
}

/**
 * The cap of `cls` in this buffer, per buffer once. A run of `cls` is also a run of any class
 * that holds it, so when such a class (`\s` for `[ \t]`) is capped at the lowest cap, so is
 * `cls`, without a pass of its own: the generic rules use both, and each pass is ~1.5 ms/MB.
 */
function capIn(bytes: Buffer, cls: ByteClass, runs: Map<ByteClass, number>): number {
  let cap = runs.get(cls);
  if (cap !== undefined) return cap;
  if (!knownClasses.includes(cls)) knownClasses.push(cls);
  for (const wider of knownClasses) {
    if (wider === cls || !isWithin(cls, wider)) continue;
    let wide = runs.get(wider);
    if (wide === undefined) {
      wide = runCap(bytes, wider);
      runs.set(wider, wide);
    }
    if (wide === RUN_CAPS[0]) {
      cap = wide;
      break;
    }
  }
  cap ??= runCap(bytes, cls);
  runs.set(cls, cap);
  return cap;
}

/** How far a rule's matches reach in this buffer: a run like `\s*` counts at its cap here. */
function reachIn(bound: LengthBound, bytes: Buffer, runs: Map<ByteClass, number>): number {
  let reach = bound.fixed + PAD;
  for (const { bytes: cls, count } of bound.runs) reach += count * capIn(bytes, cls, runs);
  return reach;
}

/** Rule states while planning one buffer. */
const UNSEEN = 0;
const WINDOWS = 1;
const WHOLE = 2;
const SKIPPED = 3;

/** Rules whose keywords occur in `bytes`, each with the regions its regex must cover. */
export function planMatches(ruleset: Ruleset, bytes: Buffer, options: PlanOptions = {}): RulePlan[] {
  const whole: Region[] = [[0, bytes.length]];
  const scanned = (scannedBytes.get(ruleset) ?? 0) + bytes.length;
  scannedBytes.set(ruleset, scanned);
  const warm = scanned >= (options.windowAfterBytes ?? WINDOW_AFTER_BYTES) || prepared.has(ruleset);
  const { skip } = options;
  if (bytes.length < WINDOW_MIN_BYTES || !warm) {
    return presentRules(ruleset, bytes)
      .filter((rule) => skip?.(rule) !== true)
      .map((rule) => ({ rule, regions: whole }));
  }
  const p = prepare(ruleset);
  const { ac } = p;
  const scanStarted = performance.now();
  const hits = ac.scan(bytes);
  const scanMs = performance.now() - scanStarted;

  // Typed per-rule state instead of maps: keyword-dense text (agent transcripts say "token" and
  // "key" every few lines) gives tens of thousands of hits per megabyte, each shared by many rules.
  const count = ruleset.rules.length;
  const state = new Uint8Array(count);
  const reach = new Float64Array(count);
  const covered = new Float64Array(count);
  const regions: (Region[] | undefined)[] = new Array<Region[] | undefined>(count);
  const order: number[] = [];
  const runs = new Map<ByteClass, number>();
  const half = bytes.length / 2;
  // A regex call costs ~2.5 µs, about what RE2 needs for 4 KiB of bytes.
  const maxRegions = bytes.length / 4096;
  let perKeyword: Int32Array | undefined;
  /** Hits of a rule's keywords: more than maxRegions, and its windows would not pay. */
  const crowded = (rule: number): boolean => {
    if (perKeyword === undefined) {
      const tally = new Int32Array(ruleset.keywords.length);
      for (let i = 0; i < hits.count; i++) {
        const k = hits.keywords[i] ?? 0;
        tally[k] = (tally[k] ?? 0) + 1;
      }
      perKeyword = tally;
    }
    let n = 0;
    for (const k of keywordsOf(ruleset, p, rule)) n += perKeyword[k] ?? 0;
    return n > maxRegions;
  };
  for (let i = 0; i < hits.count; i++) {
    const keyword = hits.keywords[i] ?? 0;
    const end = hits.ends[i] ?? 0;
    const start = end - (ac.lengths[keyword] ?? 0);
    const rules = ruleset.rulesByKeyword[keyword] ?? [];
    for (let j = 0; j < rules.length; j++) {
      const rule = rules[j] ?? 0;
      const seen = state[rule];
      if (seen === WHOLE || seen === SKIPPED) continue;
      if (seen === UNSEEN) {
        if (skip?.(rule) === true) {
          state[rule] = SKIPPED;
          continue;
        }
        order.push(rule);
        const bound = ruleset.rules[rule]?.windowBound() ?? null;
        // A bound with runs costs a pass per class to size (see runCap): not for a rule whose
        // hits are so many that its windows would be dropped for a whole-buffer run anyway.
        const r = bound === null || (bound.runs.length > 0 && crowded(rule)) ? Number.POSITIVE_INFINITY : reachIn(bound, bytes, runs);
        // Unbounded, or a window that would cover most of the buffer anyway.
        if (!Number.isFinite(r) || r * 4 > bytes.length) {
          state[rule] = WHOLE;
          continue;
        }
        state[rule] = WINDOWS;
        reach[rule] = r;
        regions[rule] = [];
      }
      const r = reach[rule] ?? 0;
      const list = regions[rule] ?? [];
      const from = Math.max(0, end - r);
      const to = Math.min(bytes.length, start + r);
      // Hits arrive in end order and a rule's reach is fixed, so window starts never decrease;
      // a shorter keyword may still end a window later: merge on overlap.
      const last = list[list.length - 1];
      let grown: number;
      if (last !== undefined && from <= last[1]) {
        grown = Math.max(0, to - last[1]);
        if (grown > 0) list[list.length - 1] = [last[0], to];
      } else {
        grown = to - from;
        list.push([from, to]);
      }
      // Mostly covered, or windows so many that calls cost more than bytes: one whole-buffer run
      // (which the RE2.Set pre-check may then skip) beats many calls. Both only grow: decide now.
      covered[rule] = (covered[rule] ?? 0) + grown;
      if ((covered[rule] ?? 0) > half || list.length > maxRegions) {
        state[rule] = WHOLE;
        regions[rule] = undefined;
      }
    }
  }
  order.sort((a, b) => a - b);
  // Windows this dense cost about a whole-buffer pass (a call per window plus the bytes): ask
  // the Set about such rules too. A rule the Set does not find matches in no window either.
  const dense = bytes.length / 8;
  const costly = (rule: number): boolean =>
    state[rule] === WHOLE || (state[rule] === WINDOWS && (regions[rule]?.length ?? 0) * 4096 + (covered[rule] ?? 0) > dense);
  const nowhere = matchingNowhere(ruleset, p, bytes, order.filter(costly), scanMs);
  const plans: RulePlan[] = [];
  for (const rule of order) {
    if (nowhere.has(rule)) continue;
    plans.push({ rule, regions: state[rule] === WHOLE ? whole : (regions[rule] ?? whole) });
  }
  return plans;
}

/**
 * A rule the Set keeps finding is left out of it and simply run: it will match again, and the
 * Set's DFA is smaller and faster without it. Per rule a score that halves at every pass and
 * gains 1 when the Set finds the rule: two finds in a row reach FREQUENT. A rule that matches now
 * and then (generic-authorization-header: 8 times in the 100 MB bench transcript) stays in, and
 * is run only in the buffers where it matches.
 */
const FREQUENT = 1.5;

/**
 * Whether the Set pays depends on which rules end up in it, so it is judged by its speed: when
 * the median of its last SET_TRIAL_PASSES passes took more than SET_MAX_SCANS times the keyword
 * scan of the same bytes, it is dropped for good and each rule runs on its own. Against the
 * keyword scan, not in ms/MB, and by the median, so that a loaded machine (which slows both, and
 * stalls a thread now and then) does not drop a good Set. The catalogue's whole-buffer rules on
 * real code once made a Set's DFA thrash at ~40–80 ms/MB (the keyword scan: ~3–5), while on an
 * agent transcript a warm Set runs at ~2–4 ms/MB. Its first SET_WARM_PASSES passes after a
 * rebuild are not timed: they build the DFA (bench transcript: 10, 8, 5, then 3–4 ms/MB).
 * Skipping rules by the Set never changes what is found, so deciding by the clock cannot change
 * findings.
 */
const SET_TRIAL_PASSES = 5;
/** See `matchingNowhere`. */
const PROBE_BYTES = 256 * 1024;
const SET_GROW_BYTES = 256 * 1024;
const SET_MAX_SCANS = 4;
const SET_WARM_PASSES = 2;

/**
 * Of the rules that would scan the whole buffer or most of it — because of their shape (an
 * unbounded repeat, or a keyword that is context beside the match) or because their keyword hits
 * are dense — the ones that match nowhere in it, found in one RE2.Set pass instead of one pass
 * per rule. On keyword-dense text (an agent transcript) such rules are present in every buffer
 * yet most never match, and a Set's DFA, once warm, runs a dozen of them in about the time of
 * one (bench transcript: ~2 ms/MB against ~20 ms/MB one by one).
 *
 * A rule is first tried on its own on the first PROBE_BYTES of the buffer: one that matches there
 * is run without asking, and never joins the Set. That keeps out the generic assignment rules,
 * which match in most buffers of the text that makes them dense and whose leading identifier
 * repeats make a combined DFA thrash (bench transcript: 110–160 ms/MB for a Set with them, ~2
 * without). Only a sample: a rule's first pass over a whole buffer also builds its DFA (~10 ms
 * per rule per thread for a megabyte), which the Set, asked about those rules at once, does once.
 * The Set holds the rules seen so far, so it is rebuilt only when a new one turns up (or one
 * turns FREQUENT) and its DFA stays warm from buffer to buffer. Nothing is ruled out when there
 * are too few rules to gain, or RE2 cannot build or run the Set.
 */
function matchingNowhere(ruleset: Ruleset, p: Prepared, bytes: Buffer, rules: readonly number[], scanMs: number): ReadonlySet<number> {
  const nowhere = new Set<number>();
  if (p.setDropped) return nowhere;
  const sample = bytes.length > PROBE_BYTES ? bytes.subarray(0, PROBE_BYTES) : bytes;
  for (const rule of rules) {
    if (!p.found.has(rule)) p.found.set(rule, ruleset.rules[rule]?.pattern().test(sample) !== false ? FREQUENT : 0);
  }
  const askable = (rule: number): boolean => (p.found.get(rule) ?? FREQUENT) < FREQUENT;
  let anywhere = p.anywhere;
  // A small buffer makes rules costly that are not on a large one (a few windows cover much of
  // it): they would grow the Set for good, and a Set of 30 rules takes ~100 ms to build.
  const grow = bytes.length >= SET_GROW_BYTES;
  const asked = rules.filter((rule) => askable(rule) && (grow || anywhere?.rules.includes(rule) === true));
  if (asked.length === 0) return nowhere;
  if (anywhere === undefined || asked.some((rule) => !anywhere?.rules.includes(rule)) || anywhere.rules.some((rule) => !askable(rule))) {
    const union = [...new Set([...(anywhere?.rules ?? []), ...asked])].filter(askable).sort((a, b) => a - b);
    let set: PatternSet | null = null;
    try {
      if (union.length >= 2) set = patternSet(union.map((rule) => loosened(ruleset.rules[rule]?.spec.regex ?? '')));
    } catch {
      set = null;
    }
    anywhere = { rules: union, set, passes: 0 };
    p.anywhere = anywhere;
  }
  if (anywhere.set === null) return nowhere;
  const all = anywhere.rules;
  let matched: number[];
  const started = performance.now();
  try {
    matched = anywhere.set.matching(bytes).map((i) => all[i] ?? -1);
  } catch {
    return nowhere;
  }
  if (anywhere.passes++ >= SET_WARM_PASSES) {
    const ratios = p.setRatios;
    ratios.push((performance.now() - started) / Math.max(scanMs, 1e-3));
    if (ratios.length > SET_TRIAL_PASSES) ratios.shift();
    const median = [...ratios].sort((a, b) => a - b)[SET_TRIAL_PASSES >> 1];
    if (ratios.length === SET_TRIAL_PASSES && median !== undefined && median > SET_MAX_SCANS) p.setDropped = true;
  }
  const found = new Set(matched);
  for (const rule of asked) {
    p.found.set(rule, (p.found.get(rule) ?? 0) / 2 + (found.has(rule) ? 1 : 0));
    if (!found.has(rule)) nowhere.add(rule);
  }
  return nowhere;
}

const BOUNDED_REPEAT = /^\{([0-9]+),[0-9]+\}/;

/**
 * The pattern with each bounded repeat `{m,n}` made unbounded (`*`, `+`, `{m,}`; outside
 * classes): it matches wherever the pattern does, so a Set of loosened patterns that finds
 * nothing still proves the rules match nowhere. A DFA counts a bounded repeat in its states, and
 * one at the start of a match (generic-password-word's `[a-z0-9_.-]{0,40}?` before its keyword)
 * runs at every position: it made the bench transcript's Set 3–4× slower (9 ms/MB against 2–3
 * loosened), and the assignment rules' `{8,100}` values thrash it too. Braces after an escape,
 * inside a class or inside `\Q…\E` are copied as they are.
 */
export function loosened(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '\\') {
      if (pattern[i + 1] === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const stop = end === -1 ? pattern.length : end + 2;
        out += pattern.slice(i, stop);
        i = stop - 1;
      } else {
        out += pattern.slice(i, i + 2);
        i++;
      }
      continue;
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        const stop = end === -1 ? i + 1 : end + 2;
        out += pattern.slice(i, stop);
        i = stop - 1;
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      // A `]` right after `[` or `[^` is a member, not the end.
      const head = pattern[i + 1] === '^' ? 2 : 1;
      const skip = pattern[i + head] === ']' ? head + 1 : head;
      out += pattern.slice(i, i + skip);
      i += skip - 1;
      continue;
    }
    const repeat = c === '{' ? BOUNDED_REPEAT.exec(pattern.slice(i, i + 12)) : null;
    if (repeat !== null) {
      const min = repeat[1] ?? '0';
      out += min === '0' ? '*' : min === '1' ? '+' : `{${min},}`;
      i += repeat[0].length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

function presentRules(ruleset: Ruleset, bytes: Buffer): number[] {
  const hits = ruleset.prefilter().present(bytes);
  if (hits.length === 0) return [];
  const chosen = new Set<number>();
  for (const k of hits) for (const r of ruleset.rulesByKeyword[k] ?? []) chosen.add(r);
  return [...chosen].sort((a, b) => a - b);
}
