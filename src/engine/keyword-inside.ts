/**
 * Whether every match of an RE2 pattern provably contains one of its rule's keywords: what lets
 * the engine run a rule only on windows around keyword hits.
 */
import { type PatternNode as Node, parsePattern } from './pattern-tree.js';

/**
 * True when every match of the pattern provably contains one of `keywords` (ASCII
 * case-insensitive). False means "not proven", never "no": rule keywords are often context that
 * sits next to the match (`discord` near a bare token) rather than inside it.
 *
 * The proof works like RE2's own prefilter: small pieces of the pattern are expanded into the
 * exact set of strings they match (`api[_.-]?key` → apikey, api_key, api.key, api-key), and a
 * piece whose strings all contain a keyword is required on every path through it.
 */
export function matchesContainKeyword(pattern: string, keywords: readonly string[]): boolean {
  const node = parsePattern(pattern);
  const lower = keywords.map((k) => k.toLowerCase()).filter((k) => k.length > 0);
  return node !== undefined && lower.length > 0 && analyse(node, lower).required;
}

/** Largest exact set kept; past it the piece is treated as unknown text. */
const MAX_SET = 64;

interface Info {
  /** Every string the node can match, when that set is small. */
  readonly exact?: readonly string[];
  /** Every match of the node contains a keyword. */
  readonly required: boolean;
}

function allContain(strings: readonly string[], keywords: readonly string[]): boolean {
  return strings.length > 0 && strings.every((s) => keywords.some((k) => s.includes(k)));
}

function product(a: readonly string[], b: readonly string[]): string[] | undefined {
  if (a.length * b.length > MAX_SET) return undefined;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return [...out];
}

function analyse(node: Node, keywords: readonly string[]): Info {
  switch (node.kind) {
    case 'char':
      return node.set === undefined ? { required: false } : { exact: node.set, required: allContain(node.set, keywords) };
    case 'alt': {
      const infos = node.branches.map((b) => analyse(b, keywords));
      const union = infos.every((i) => i.exact !== undefined) ? [...new Set(infos.flatMap((i) => i.exact ?? []))] : undefined;
      const exact = union !== undefined && union.length <= MAX_SET ? union : undefined;
      return { ...(exact ? { exact } : {}), required: infos.length > 0 && infos.every((i) => i.required) };
    }
    case 'rep': {
      const inner = analyse(node.node, keywords);
      if (node.min === 1 && node.max === 1) return inner;
      const exact = node.min === 0 && node.max === 1 && inner.exact ? [...new Set(['', ...inner.exact])] : undefined;
      return { ...(exact ? { exact } : {}), required: node.min >= 1 && inner.required };
    }
    case 'cat': {
      // Runs of consecutive exact pieces are multiplied out and checked as a whole.
      let required = false;
      let run: readonly string[] | undefined = [''];
      let whole: readonly string[] | undefined = [''];
      for (const item of node.items) {
        const info = analyse(item, keywords);
        if (info.required) required = true;
        whole = whole && info.exact ? product(whole, info.exact) : undefined;
        const next: readonly string[] | undefined = run && info.exact ? product(run, info.exact) : undefined;
        if (next !== undefined) {
          run = next;
          continue;
        }
        if (run && allContain(run, keywords)) required = true;
        run = info.exact ?? [''];
      }
      if (run && allContain(run, keywords)) required = true;
      return { ...(whole ? { exact: whole } : {}), required };
    }
  }
}
