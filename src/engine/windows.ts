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
/** Past the span bound: room for the one byte of context `\b` looks at, with margin. */
const PAD = 8;

interface Prepared {
  readonly ac: KeywordAutomaton;
  /** Per rule: how far its matches reach from a keyword hit; Infinity = whole buffer. */
  readonly radius: Float64Array;
}

const prepared = new WeakMap<Ruleset, Prepared>();

function prepare(ruleset: Ruleset): Prepared {
  let p = prepared.get(ruleset);
  if (p !== undefined) return p;
  const radius = Float64Array.from(ruleset.rules, ({ spec }) =>
    matchesContainKeyword(spec.regex, spec.keywords) ? maxMatchLength(spec.regex) + PAD : Number.POSITIVE_INFINITY,
  );
  // Only keywords of windowed rules need positions; the rest are presence checks.
  const positional = (k: number): boolean => (ruleset.rulesByKeyword[k] ?? []).some((r) => Number.isFinite(radius[r] ?? Number.POSITIVE_INFINITY));
  p = { ac: buildAutomaton(ruleset.keywords, positional), radius };
  prepared.set(ruleset, p);
  return p;
}

/** Rules whose keywords occur in `bytes`, each with the regions its regex must cover. */
export function planMatches(ruleset: Ruleset, bytes: Buffer): RulePlan[] {
  const whole: Region[] = [[0, bytes.length]];
  if (bytes.length < WINDOW_MIN_BYTES) return presentRules(ruleset, bytes).map((rule) => ({ rule, regions: whole }));
  const { ac, radius } = prepare(ruleset);
  const hits = ac.scan(bytes);

  const perRule = new Map<number, Region[] | 'whole'>();
  for (let k = 0; k < hits.seen.length; k++) {
    if (hits.seen[k] === 0) continue;
    for (const rule of ruleset.rulesByKeyword[k] ?? []) {
      if (!Number.isFinite(radius[rule] ?? Number.POSITIVE_INFINITY)) perRule.set(rule, 'whole');
    }
  }
  for (let i = 0; i < hits.count; i++) {
    const keyword = hits.keywords[i] ?? 0;
    const end = hits.ends[i] ?? 0;
    const start = end - (ac.lengths[keyword] ?? 0);
    for (const rule of ruleset.rulesByKeyword[keyword] ?? []) {
      const reach = radius[rule] ?? Number.POSITIVE_INFINITY;
      if (!Number.isFinite(reach)) continue;
      let regions = perRule.get(rule);
      if (regions === undefined) {
        regions = [];
        perRule.set(rule, regions);
      } else if (regions === 'whole') continue;
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
