/**
 * Upper bounds on the byte length of any match of an RE2 pattern.
 *
 * Why: the engine runs a rule's regex only on windows of ±span bytes around its keyword hits,
 * and streams huge files in chunks that overlap by the longest span. Both are exact only if the
 * bound is never too small, so this errs high: any construct the pattern reader does not
 * understand, and every unbounded repeat (`*`, `+`, `{n,}`), gives Infinity (or, for
 * `matchLengthBound`, a bound per buffer), and the caller then falls back to matching the whole
 * buffer.
 */
import { type ByteClass, type PatternNode as Node, parsePattern } from './pattern-tree.js';

/** The most bytes any match can take, or Infinity. */
export function maxMatchLength(pattern: string): number {
  const node = parsePattern(pattern);
  return node === undefined ? Number.POSITIVE_INFINITY : lengthOf(node);
}

/**
 * A bound that still holds when the pattern has unbounded repeats of a one-byte class
 * (`\s*`, `[ \t]+`, `[A-Za-z0-9]+`): such a repeat matches one run of bytes of that class, so it
 * is no longer than the longest such run in the buffer at hand. The match length is then at
 * most `fixed + Σ count × longestRun(class)`. Undefined when some repeat escapes even that
 * (`(?:ab)*`, `.*`).
 */
export interface LengthBound {
  readonly fixed: number;
  readonly runs: readonly { readonly bytes: ByteClass; readonly count: number }[];
}


export function matchLengthBound(pattern: string): LengthBound | undefined {
  const node = parsePattern(pattern);
  return node === undefined ? undefined : boundOf(node);
}

function boundOf(node: Node): LengthBound | undefined {
  switch (node.kind) {
    case 'char':
      return { fixed: node.width, runs: [] };
    case 'cat': {
      let fixed = 0;
      const runs: LengthBound['runs'][number][] = [];
      for (const item of node.items) {
        const b = boundOf(item);
        if (b === undefined) return undefined;
        fixed += b.fixed;
        runs.push(...b.runs);
      }
      return { fixed, runs };
    }
    case 'alt': {
      // max(a, b) ≤ max of the fixed parts + every branch's runs: loose, never too small.
      let fixed = 0;
      const runs: LengthBound['runs'][number][] = [];
      for (const branch of node.branches) {
        const b = boundOf(branch);
        if (b === undefined) return undefined;
        fixed = Math.max(fixed, b.fixed);
        runs.push(...b.runs);
      }
      return { fixed, runs };
    }
    case 'rep': {
      if (Number.isFinite(node.max)) {
        const b = boundOf(node.node);
        return b === undefined ? undefined : { fixed: b.fixed * node.max, runs: b.runs.map((r) => ({ bytes: r.bytes, count: r.count * node.max })) };
      }
      const inner = node.node;
      if (inner.kind === 'char' && inner.width === 0) return { fixed: 0, runs: [] };
      return inner.kind === 'char' && inner.bytes !== undefined ? { fixed: 0, runs: [{ bytes: inner.bytes, count: 1 }] } : undefined;
    }
  }
}

/** Longest run of bytes of `cls` in `input`. */
export function longestRun(input: Uint8Array, cls: ByteClass): number {
  let best = 0;
  let run = 0;
  for (let i = 0, n = input.length; i < n; i++) {
    if (cls[input[i] as number] === 1) {
      run++;
      if (run > best) best = run;
    } else run = 0;
  }
  return best;
}

function lengthOf(node: Node): number {
  switch (node.kind) {
    case 'char':
      return node.width;
    case 'cat':
      return node.items.reduce((sum, n) => sum + lengthOf(n), 0);
    case 'alt':
      return Math.max(0, ...node.branches.map(lengthOf));
    case 'rep': {
      const one = lengthOf(node.node);
      return one === 0 ? 0 : one * node.max;
    }
  }
}
