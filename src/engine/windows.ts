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
 * Rules whose span is unbounded (`\s*`, `+`), rules whose keyword is context next to the
 * match rather than part of it, and small buffers use the whole buffer. One known gap: the
 * keyword search folds ASCII case only, so a match spelled with KELVIN SIGN or LONG S for k/s
 * under `(?i)` is found only in whole-buffer mode.
 */
import type { Ruleset } from '../rules/compile.js';
import { buildAutomaton, type KeywordAutomaton } from './prefilter-ac.js';
import { matchesContainKeyword, maxMatchLength } from './span.js';

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
  /** Per rule: how far its matches reach from a keyword hit (Infinity = whole buffer); NaN until needed. */
  readonly radius: Float64Array;
}

const prepared = new WeakMap<Ruleset, Prepared>();
const scannedBytes = new WeakMap<Ruleset, number>();

function prepare(ruleset: Ruleset): Prepared {
  let p = prepared.get(ruleset);
  if (p === undefined) {
    p = { ac: buildAutomaton(ruleset.keywords), radius: new Float64Array(ruleset.rules.length).fill(Number.NaN) };
    prepared.set(ruleset, p);
  }
  return p;
}

/** Analysed on first hit only: most rules never hit in a given scan. */
function radiusOf(ruleset: Ruleset, { radius }: Prepared, rule: number): number {
  let r = radius[rule] ?? Number.NaN;
  if (Number.isNaN(r)) {
    const spec = ruleset.rules[rule]?.spec;
    r = spec !== undefined && matchesContainKeyword(spec.regex, spec.keywords) ? maxMatchLength(spec.regex) + PAD : Number.POSITIVE_INFINITY;
    radius[rule] = r;
  }
  return r;
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
  for (let i = 0; i < hits.count; i++) {
    const keyword = hits.keywords[i] ?? 0;
    const end = hits.ends[i] ?? 0;
    const start = end - (ac.lengths[keyword] ?? 0);
    for (const rule of ruleset.rulesByKeyword[keyword] ?? []) {
      let regions = perRule.get(rule);
      if (regions === 'whole') continue;
      const reach = radiusOf(ruleset, p, rule);
      if (!Number.isFinite(reach)) {
        perRule.set(rule, 'whole');
        continue;
      }
      if (regions === undefined) {
        regions = [];
        perRule.set(rule, regions);
      }
      const from = Math.max(0, end - reach);
      const to = Math.min(bytes.length, start + reach);
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
