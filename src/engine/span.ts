/**
 * An upper bound on the byte length of any match of an RE2 pattern, or Infinity.
 *
 * Why: the engine runs a rule's regex only on windows of ±span bytes around its keyword hits,
 * and streams huge files in chunks that overlap by the longest span. Both are exact only if the
 * bound is never too small, so this errs high: any construct it does not understand, and every
 * unbounded repeat (`*`, `+`, `{n,}`), gives Infinity, and the caller then falls back to
 * matching the whole buffer. RE2 itself compiles the pattern; this only measures it.
 *
 * Byte widths: ASCII classes and escapes (`\d \w \s`, `[A-Za-z0-9]`) are 1 byte — RE2's Perl
 * classes are ASCII-only. Anything that may match a non-ASCII character (`.`, negated classes,
 * `\S \W \D`, `\pL`) is 4. Under `(?i)` a letter may match a multi-byte fold (k → U+212A KELVIN
 * SIGN, s → U+017F LONG S), so case-folded letters count 3.
 */

interface Flags {
  readonly i: boolean;
}

const ANY = 4;

/** Just enough of the pattern's structure to bound its length and find its literals. */
type Node =
  /**
   * `set`: the characters it can match (lower-cased) when they are few and known; `bytes`: the
   * exact single bytes it can match, when all are ASCII and case folding cannot add others.
   */
  | { readonly kind: 'char'; readonly width: number; readonly set?: readonly string[]; readonly bytes?: ByteClass }
  | { readonly kind: 'cat'; readonly items: readonly Node[] }
  | { readonly kind: 'alt'; readonly branches: readonly Node[] }
  | { readonly kind: 'rep'; readonly node: Node; readonly min: number; readonly max: number };

const EMPTY: Node = { kind: 'cat', items: [] };

function parse(pattern: string): Node | undefined {
  try {
    const parser = new SpanParser(pattern);
    const node = parser.alternation({ i: false });
    return parser.done() ? node : undefined;
  } catch {
    return undefined;
  }
}

export function maxMatchLength(pattern: string): number {
  const node = parse(pattern);
  return node === undefined ? Number.POSITIVE_INFINITY : lengthOf(node);
}

/** 256 flags: which byte values a one-byte character class matches. */
export type ByteClass = Uint8Array;

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
  const node = parse(pattern);
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
  const node = parse(pattern);
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

class Unsupported extends Error {}

class SpanParser {
  private pos = 0;

  constructor(private readonly src: string) {}

  done(): boolean {
    return this.pos === this.src.length;
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  alternation(flags: Flags): Node {
    const branches = [this.concat(flags)];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.concat(flags));
    }
    return branches.length === 1 ? (branches[0] ?? EMPTY) : { kind: 'alt', branches };
  }

  /** A sequence up to `|`, `)` or the end. `(?i)` changes flags for the rest of the sequence. */
  private concat(outer: Flags): Node {
    let flags = outer;
    const items: Node[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === '|' || c === ')') return { kind: 'cat', items };
      if (c === '(' && this.peek(1) === '?') {
        const set = this.flagGroup(flags);
        if (set !== undefined) {
          flags = set;
          continue;
        }
      }
      items.push(this.repeat(this.atom(flags)));
    }
  }

  /** `(?flags)` alone: returns the new flags; for any other `(?` form returns undefined. */
  private flagGroup(flags: Flags): Flags | undefined {
    const m = /^\(\?([imsU]*)(?:-([imsU]*))?\)/.exec(this.src.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return applyFlags(flags, m[1] ?? '', m[2] ?? '');
  }

  private repeat(atom: Node): Node {
    let node = atom;
    for (;;) {
      const c = this.peek();
      if (c === '*' || c === '+') {
        this.pos++;
        node = { kind: 'rep', node, min: c === '+' ? 1 : 0, max: Number.POSITIVE_INFINITY };
      } else if (c === '?') {
        this.pos++;
        node = { kind: 'rep', node, min: 0, max: 1 };
      } else if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
        if (!m) return node; // RE2 reads a `{` that is not a repeat as a literal; the next atom takes it.
        this.pos += m[0].length;
        const hi = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
        node = { kind: 'rep', node, min: Number(m[1]), max: hi };
      } else {
        return node;
      }
      // A lazy marker after a quantifier.
      if (this.peek() === '?' && (c === '*' || c === '+' || c === '{' || c === '?')) this.pos++;
    }
  }

  private atom(flags: Flags): Node {
    const c = this.peek();
    if (c === undefined) throw new Unsupported();
    if (c === '(') return this.group(flags);
    if (c === '[') return this.charClass(flags);
    if (c === '\\') {
      const at = this.pos;
      const width = this.escape(flags);
      const text = escapedLiteral(this.src, at, this.pos);
      const bytes = escapeBytes(this.src.slice(at, this.pos), flags);
      return { kind: 'char', width, ...(text !== undefined ? { set: [text] } : {}), ...(bytes ? { bytes } : {}) };
    }
    this.pos++;
    if (c === '.') return { kind: 'char', width: ANY };
    if (c === '^' || c === '$') return EMPTY;
    // `{` that does not start a repeat is a literal; so are `]` and `}`.
    const cp = this.src.codePointAt(this.pos - 1) ?? 0;
    if (cp > 0xffff) this.pos++;
    const bytes = cp < 0x80 && !(flags.i && isLetter(cp)) ? byteClass([cp]) : undefined;
    return { kind: 'char', width: literalWidth(cp, flags), set: [String.fromCodePoint(cp).toLowerCase()], ...(bytes ? { bytes } : {}) };
  }

  private group(outer: Flags): Node {
    this.pos++; // (
    let flags = outer;
    if (this.peek() === '?') {
      const rest = this.src.slice(this.pos);
      const named = /^\?P?<[A-Za-z_][A-Za-z0-9_]*>/.exec(rest);
      const scoped = /^\?([imsU]*)(?:-([imsU]*))?:/.exec(rest);
      if (named) this.pos += named[0].length;
      else if (scoped) {
        this.pos += scoped[0].length;
        flags = applyFlags(outer, scoped[1] ?? '', scoped[2] ?? '');
      } else throw new Unsupported();
    }
    const n = this.alternation(flags);
    if (this.peek() !== ')') throw new Unsupported();
    this.pos++;
    return n;
  }

  private charClass(flags: Flags): Node {
    this.pos++; // [
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    let width = 1;
    let first = true;
    // The members, while they are plain characters; undefined once a range or class appears.
    let members: Set<string> | undefined = new Set();
    // The byte values, while every member is ASCII and unaffected by case folding.
    let bytes: number[] | undefined = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new Unsupported();
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === '[' && this.peek(1) === ':') {
        const end = this.src.indexOf(':]', this.pos + 2);
        if (end === -1) throw new Unsupported();
        // [:^alpha:] may match non-ASCII; [:alpha:] is ASCII (and folds under (?i)).
        width = Math.max(width, this.src[this.pos + 2] === '^' ? ANY : flags.i ? 3 : 1);
        this.pos = end + 2;
        members = undefined;
        bytes = undefined;
        continue;
      }
      if (c === '\\') {
        const at = this.pos;
        width = Math.max(width, this.escape(flags));
        const text = escapedLiteral(this.src, at, this.pos);
        if (text === undefined) members = undefined;
        else members?.add(text);
        const more = escapeBytes(this.src.slice(at, this.pos), flags);
        if (more === undefined) bytes = undefined;
        else bytes?.push(...more.reduce<number[]>((list, on, b) => (on ? [...list, b] : list), []));
        continue;
      }
      const cp = this.src.codePointAt(this.pos) ?? 0;
      this.pos += cp > 0xffff ? 2 : 1;
      width = Math.max(width, literalWidth(cp, flags));
      members?.add(String.fromCodePoint(cp).toLowerCase());
      if (cp >= 0x80 || (flags.i && isLetter(cp))) bytes = undefined;
      else bytes?.push(cp);
      // A range: its upper end bounds the width (a-z under (?i) includes k and s).
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.pos++;
        members = undefined;
        if (flags.i) width = Math.max(width, 3);
        if (this.peek() === '\\') {
          width = Math.max(width, this.escape(flags));
          bytes = undefined;
        } else {
          const hi = this.src.codePointAt(this.pos) ?? 0;
          this.pos += hi > 0xffff ? 2 : 1;
          width = Math.max(width, utf8Width(hi));
          if (hi >= 0x80 || hi < cp || (flags.i && rangeHasLetter(cp, hi))) bytes = undefined;
          else for (let b = cp + 1; b <= hi; b++) bytes?.push(b);
        }
      }
    }
    if (negated) return { kind: 'char', width: ANY };
    const cls = bytes !== undefined && bytes.length > 0 ? { bytes: byteClass(bytes) } : {};
    return members !== undefined && members.size > 0 && members.size <= 8 ? { kind: 'char', width, set: [...members], ...cls } : { kind: 'char', width, ...cls };
  }

  private escape(flags: Flags): number {
    this.pos++; // backslash
    const c = this.peek();
    if (c === undefined) throw new Unsupported();
    this.pos++;
    if ('dws'.includes(c)) return flags.i && c === 'w' ? 3 : 1;
    if ('DWS'.includes(c)) return ANY;
    if ('bBAz'.includes(c)) return 0; // zero-width: no text, so it never joins a literal run
    if (c === 'C') return 1;
    if ('ntrfva'.includes(c)) return 1;
    if (c === 'p' || c === 'P') {
      if (this.peek() === '{') {
        const end = this.src.indexOf('}', this.pos);
        if (end === -1) throw new Unsupported();
        this.pos = end + 1;
      } else this.pos++;
      return ANY;
    }
    if (c === 'x') {
      const braced = /^\{([0-9A-Fa-f]+)\}/.exec(this.src.slice(this.pos));
      const two = /^[0-9A-Fa-f]{2}/.exec(this.src.slice(this.pos));
      const hex = braced ? braced[1] : two ? two[0] : undefined;
      if (hex === undefined) throw new Unsupported();
      this.pos += braced ? braced[0].length : 2;
      return literalWidth(Number.parseInt(hex, 16), flags);
    }
    if (c === 'Q') {
      const end = this.src.indexOf('\\E', this.pos);
      const text = this.src.slice(this.pos, end === -1 ? undefined : end);
      this.pos = end === -1 ? this.src.length : end + 2;
      let n = 0;
      for (const ch of text) n += literalWidth(ch.codePointAt(0) ?? 0, flags);
      return n;
    }
    // \0 and \0nn are octal; \1–\9 would be backreferences, which RE2 rejects anyway.
    if (c === '0') {
      while (/[0-7]/.test(this.peek() ?? '')) this.pos++;
      return 1;
    }
    // Escaped punctuation is itself.
    if (/[^A-Za-z0-9]/.test(c)) return literalWidth(c.codePointAt(0) ?? 0, flags);
    throw new Unsupported();
  }
}

function isLetter(cp: number): boolean {
  return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
}

function rangeHasLetter(lo: number, hi: number): boolean {
  return lo <= 0x7a && hi >= 0x41 && !(hi < 0x61 && lo > 0x5a);
}

const classes = new Map<string, ByteClass>();

/** One shared instance per distinct set, so callers can cache per-buffer results by identity. */
function byteClass(values: Iterable<number>): ByteClass {
  const cls = new Uint8Array(256);
  for (const v of values) cls[v] = 1;
  const key = cls.join('');
  const known = classes.get(key);
  if (known !== undefined) return known;
  classes.set(key, cls);
  return cls;
}

const RANGE = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
/** RE2's Perl classes are ASCII: \s is [\t\n\f\r ], \d [0-9], \w [0-9A-Za-z_]. */
const PERL: Record<string, readonly number[]> = {
  s: [9, 10, 12, 13, 32],
  d: RANGE(0x30, 0x39),
  w: [...RANGE(0x30, 0x39), ...RANGE(0x41, 0x5a), ...RANGE(0x61, 0x7a), 0x5f],
};
const CONTROL: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, v: 11, a: 7 };

/** The bytes a one-character escape (`\s`, `\t`, `\.`) matches, when that is a fixed ASCII set. */
function escapeBytes(escape: string, flags: Flags): ByteClass | undefined {
  if (escape.length !== 2) return undefined;
  const c = escape[1] ?? '';
  const perl = PERL[c];
  if (perl !== undefined) return c === 'w' && flags.i ? undefined : byteClass(perl);
  const control = CONTROL[c];
  if (control !== undefined) return byteClass([control]);
  const cp = c.charCodeAt(0);
  return cp < 0x80 && /[^A-Za-z0-9]/.test(c) ? byteClass([cp]) : undefined;
}

/** The character an escape at src[at, end) stands for, when it is escaped punctuation (`\.`). */
function escapedLiteral(src: string, at: number, end: number): string | undefined {
  const c = src[at + 1];
  return end === at + 2 && c !== undefined && /[^A-Za-z0-9]/.test(c) ? c : undefined;
}

function applyFlags(flags: Flags, on: string, off: string): Flags {
  if (on.includes('i')) return { i: true };
  if (off.includes('i')) return { i: false };
  return flags;
}

function utf8Width(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

function literalWidth(cp: number, flags: Flags): number {
  if (!flags.i) return utf8Width(cp);
  // Case folding can turn a character into one of another byte length.
  if (cp < 0x80) return /[A-Za-z]/.test(String.fromCharCode(cp)) ? 3 : 1;
  return ANY;
}
