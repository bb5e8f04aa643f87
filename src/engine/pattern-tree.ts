/**
 * An RE2 pattern as a small tree: just enough of its structure to bound the length of its
 * matches (`match-length.ts`) and to find the literals every match must contain
 * (`keyword-inside.ts`). RE2 itself compiles and runs the pattern; this only reads it, and gives
 * up (undefined) on any construct it does not understand, which callers treat as "unknown".
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

/** 256 flags: which byte values a one-byte character class matches. */
export type ByteClass = Uint8Array;

/** Just enough of the pattern's structure to bound its length and find its literals. */
export type PatternNode =
  /**
   * `width`: the most bytes one character it matches can take; `set`: the characters it can
   * match (lower-cased) when they are few and known; `bytes`: the exact single bytes it can
   * match, when all are ASCII and case folding cannot add others.
   */
  | { readonly kind: 'char'; readonly width: number; readonly set?: readonly string[]; readonly bytes?: ByteClass }
  | { readonly kind: 'cat'; readonly items: readonly PatternNode[] }
  | { readonly kind: 'alt'; readonly branches: readonly PatternNode[] }
  | { readonly kind: 'rep'; readonly node: PatternNode; readonly min: number; readonly max: number };

type Node = PatternNode;

const EMPTY: Node = { kind: 'cat', items: [] };

/** The pattern's tree, or undefined when it uses a construct this reader does not know. */
export function parsePattern(pattern: string): PatternNode | undefined {
  try {
    const parser = new PatternParser(pattern);
    const node = parser.alternation({ i: false });
    return parser.done() ? node : undefined;
  } catch {
    return undefined;
  }
}

class Unsupported extends Error {}

class PatternParser {
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
        else if (bytes !== undefined) for (let b = 0; b < 256; b++) if (more[b] === 1) bytes.push(b);
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
  // Keyed by the members (every literal character of every pattern comes through here).
  let key = '';
  for (let b = 0; b < 256; b++) if (cls[b] === 1) key += String.fromCharCode(b);
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

/** Classes with more members than this say little about an input: they are left out. */
const MAX_NEEDED_MEMBERS = 16;
/** A few classes per pattern are enough to rule most inputs out; each costs a pass. */
const MAX_NEEDED_CLASSES = 4;

/**
 * How likely a text is to hold a byte of the class (lower is rarer): lower-case letters and
 * spaces are in nearly every text, so a class with one rarely rules a text out.
 */
function commonness(cls: ByteClass): number {
  return size(cls) + (cls[0x20] === 1 || cls.subarray(0x61, 0x7b).includes(1) ? 1000 : 0);
}

function size(cls: ByteClass): number {
  return cls.reduce((n, on) => n + on, 0);
}

/**
 * Byte classes of which every match of the pattern contains at least one byte: an input that
 * lacks every byte of one of them cannot match, so the regex need not even be compiled (a prose
 * prompt says "token" and "password" but holds no `=` or quote for an assignment rule). Sound by
 * construction: a one-character node with exact `bytes` (ASCII, no case folding) must match one
 * of them; a sequence needs what each of its items needs; a repeat with min ≥ 1 what its body
 * needs; an alternation the union of one needed class per branch (and nothing when a branch needs
 * nothing). Undefined when the pattern is not understood. The classes most likely to be missing
 * from a text come first.
 */
export function requiredBytes(pattern: string): ByteClass[] | undefined {
  const node = parsePattern(pattern);
  if (node === undefined) return undefined;
  const seen = new Set<string>();
  const out: ByteClass[] = [];
  for (const cls of needs(node).sort((a, b) => commonness(a) - commonness(b))) {
    const key = cls.join('');
    if (size(cls) > MAX_NEEDED_MEMBERS || seen.has(key)) continue;
    seen.add(key);
    out.push(cls);
  }
  return out.slice(0, MAX_NEEDED_CLASSES);
}

function needs(node: Node): ByteClass[] {
  switch (node.kind) {
    case 'char':
      return node.bytes !== undefined && node.width > 0 ? [node.bytes] : [];
    case 'cat':
      return node.items.flatMap(needs);
    case 'rep':
      return node.min >= 1 ? needs(node.node) : [];
    case 'alt': {
      const union = new Uint8Array(256);
      for (const branch of node.branches) {
        const classes = needs(branch);
        if (classes.length === 0) return [];
        // The branch's rarest class keeps the union rare.
        const best = classes.reduce((a, b) => (commonness(b) < commonness(a) ? b : a));
        best.forEach((on, b) => {
          if (on === 1) union[b] = 1;
        });
      }
      return [union];
    }
  }
}
