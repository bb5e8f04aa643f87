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
import { buildAutomaton, type KeywordAutomaton } from './prefilter-ac.js';
import { compile, type CompiledPattern } from './regex.js';
import { type ByteClass, type LengthBound, matchesContainKeyword, matchLengthBound } from './span.js';

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
}

interface Prepared {
  readonly ac: KeywordAutomaton;
  /** Per rule: how far its matches can reach from a keyword hit; null = whole buffer; absent until needed. */
  readonly bounds: (LengthBound | null | undefined)[];
}

const prepared = new WeakMap<Ruleset, Prepared>();
const scannedBytes = new WeakMap<Ruleset, number>();

function prepare(ruleset: Ruleset): Prepared {
  let p = prepared.get(ruleset);
  if (p === undefined) {
    p = { ac: buildAutomaton(ruleset.keywords), bounds: new Array<LengthBound | null | undefined>(ruleset.rules.length) };
    prepared.set(ruleset, p);
  }
  return p;
}

/** Analysed on first hit only: most rules never hit in a given scan. */
function boundOf(ruleset: Ruleset, { bounds }: Prepared, rule: number): LengthBound | null {
  let b = bounds[rule];
  if (b === undefined) {
    const spec = ruleset.rules[rule]?.spec;
    b = (spec !== undefined && matchesContainKeyword(spec.regex, spec.keywords) ? matchLengthBound(spec.regex) : undefined) ?? null;
    bounds[rule] = b;
  }
  return b;
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

/** How far a rule's matches reach in this buffer: a run like `\s*` counts at its cap here. */
function reachIn(bound: LengthBound, bytes: Buffer, runs: Map<ByteClass, number>): number {
  let reach = bound.fixed + PAD;
  for (const { bytes: cls, count } of bound.runs) {
    let cap = runs.get(cls);
    if (cap === undefined) {
      cap = runCap(bytes, cls);
      runs.set(cls, cap);
    }
    reach += count * cap;
  }
  return reach;
}

/** Rules whose keywords occur in `bytes`, each with the regions its regex must cover. */
export function planMatches(ruleset: Ruleset, bytes: Buffer, options: PlanOptions = {}): RulePlan[] {
  const whole: Region[] = [[0, bytes.length]];
  const scanned = (scannedBytes.get(ruleset) ?? 0) + bytes.length;
  scannedBytes.set(ruleset, scanned);
  const warm = scanned >= (options.windowAfterBytes ?? WINDOW_AFTER_BYTES) || prepared.has(ruleset);
  if (bytes.length < WINDOW_MIN_BYTES || !warm) return presentRules(ruleset, bytes).map((rule) => ({ rule, regions: whole }));
  const p = prepare(ruleset);
  const { ac } = p;
  const hits = ac.scan(bytes);

  const perRule = new Map<number, Region[] | 'whole'>();
  const reach = new Map<number, number>();
  const runs = new Map<ByteClass, number>();
  for (let i = 0; i < hits.count; i++) {
    const keyword = hits.keywords[i] ?? 0;
    const end = hits.ends[i] ?? 0;
    const start = end - (ac.lengths[keyword] ?? 0);
    for (const rule of ruleset.rulesByKeyword[keyword] ?? []) {
      let regions = perRule.get(rule);
      if (regions === 'whole') continue;
      let r = reach.get(rule);
      if (r === undefined) {
        const bound = boundOf(ruleset, p, rule);
        r = bound === null ? Number.POSITIVE_INFINITY : reachIn(bound, bytes, runs);
        reach.set(rule, r);
      }
      // Unbounded, or a window that would cover most of the buffer anyway.
      if (!Number.isFinite(r) || r * 4 > bytes.length) {
        perRule.set(rule, 'whole');
        continue;
      }
      if (regions === undefined) {
        regions = [];
        perRule.set(rule, regions);
      }
      const from = Math.max(0, end - r);
      const to = Math.min(bytes.length, start + r);
      // Hits arrive in end order and a rule's reach is fixed, so window starts never decrease;
      // a shorter keyword may still end a window later: merge on overlap.
      const last = regions[regions.length - 1];
      if (last !== undefined && from <= last[1]) {
        if (to > last[1]) regions[regions.length - 1] = [last[0], to];
      } else regions.push([from, to]);
    }
  }
  const plans: RulePlan[] = [];
  for (const [rule, regions] of perRule) {
    if (regions === 'whole') {
      plans.push({ rule, regions: whole });
      continue;
    }
    // Mostly covered: one whole-buffer run beats many calls.
    let covered = 0;
    for (const [a, b] of regions) covered += b - a;
    plans.push({ rule, regions: covered * 2 > bytes.length ? whole : regions });
  }
  return plans.sort((a, b) => a.rule - b.rule);
}

function presentRules(ruleset: Ruleset, bytes: Buffer): number[] {
  const hits = ruleset.prefilter().present(bytes);
  if (hits.length === 0) return [];
  const chosen = new Set<number>();
  for (const k of hits) for (const r of ruleset.rulesByKeyword[k] ?? []) chosen.add(r);
  return [...chosen].sort((a, b) => a - b);
}
