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
   * match, when all are ASCII and case folding cannot add others; `folded`: for an ASCII letter
   * under `(?i)`, the byte every character it matches becomes in a case-folded view of the text
   * (see `foldedView`).
   */
  | { readonly kind: 'char'; readonly width: number; readonly set?: readonly string[]; readonly bytes?: ByteClass; readonly folded?: ByteClass }
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
    const folds = flags.i && isLetter(cp);
    const bytes = cp < 0x80 && !folds ? byteClass([cp]) : undefined;
    const folded = folds ? byteClass([cp | 0x20]) : undefined;
    return { kind: 'char', width: literalWidth(cp, flags), set: [String.fromCodePoint(cp).toLowerCase()], ...(bytes ? { bytes } : {}), ...(folded ? { folded } : {}) };
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

/** The class as the case-folded view sees it: upper-case ASCII letters become lower-case. */
function lowerCased(cls: ByteClass): ByteClass {
  const out: number[] = [];
  cls.forEach((on, b) => {
    if (on === 1) out.push(b >= 0x41 && b <= 0x5a ? b | 0x20 : b);
  });
  return byteClass(out);
}

/** The only non-ASCII characters RE2's case folding maps onto ASCII letters, in UTF-8. */
export const FOLDS_ONTO_ASCII: readonly { readonly bytes: Buffer; readonly letter: number }[] = [
  { bytes: Buffer.from('\u017f', 'utf8'), letter: 0x73 }, // LONG S onto s
  { bytes: Buffer.from('\u212a', 'utf8'), letter: 0x6b }, // KELVIN SIGN onto k
];

/**
 * A text as `requiredLiterals(pattern, true)` reads it: ASCII letters lower-cased and the
 * FOLDS_ONTO_ASCII characters replaced by their letters. Every character a `(?i)` letter matches
 * becomes that letter in lower case, and every other byte stays what it was or is lower-cased,
 * so a string a match holds is, lower-cased, in this view.
 */
export function foldedView(bytes: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    // Most bytes are not the lead byte of a fold (transcripts are full of other UTF-8).
    const fold = FOLD_LEADS[b] === 1 ? FOLDS_ONTO_ASCII.find((f) => f.bytes.every((x, j) => bytes[i + j] === x)) : undefined;
    if (fold !== undefined) {
      out[n++] = fold.letter;
      i += fold.bytes.length - 1;
    } else out[n++] = LOWER[b] as number;
  }
  return out.subarray(0, n);
}

const FOLD_LEADS = new Uint8Array(256);
for (const f of FOLDS_ONTO_ASCII) FOLD_LEADS[f.bytes[0] as number] = 1;
const LOWER = Uint8Array.from({ length: 256 }, (_, b) => (b >= 0x41 && b <= 0x5a ? b | 0x20 : b));

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

/** The shared class of these bytes, given as a string of latin1 characters (as the build writes it). */
export function byteClassOf(members: string): ByteClass {
  return byteClass(Array.from(members, (c) => c.charCodeAt(0)));
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

/** Largest set of strings tracked for a piece of a pattern, and largest group kept. */
const MAX_LITERALS = 32;
/** A few groups per pattern are enough to rule most inputs out; each string costs a search. */
const MAX_GROUPS = 4;

/**
 * For a piece of a pattern: every string it can match (`exact`, when they are few), and groups of
 * strings such that every match holds at least one string of each group.
 */
interface Literals {
  readonly exact: readonly string[] | undefined;
  readonly groups: readonly (readonly string[])[];
}

/** How likely a text is to hold a string of the group (lower is rarer). */
function commonness(group: readonly string[]): number {
  const shortest = Math.min(...group.map((s) => s.length));
  // Lower-case letters and spaces are in nearly every text.
  const everyday = group.some((s) => s.length === 1 && /[a-z ]/.test(s)) ? 1000 : 0;
  return everyday + group.length - 8 * Math.min(shortest, 8);
}

/**
 * Groups of literal strings of which every match of the pattern holds at least one: an input
 * that holds no string of some group cannot match, so the regex need not even be compiled (a
 * prose prompt says "token" and "password" but holds no `=` or quote for an assignment rule, and
 * no upper-case `TOKEN` for an environment-variable rule). Sound by construction, like RE2's own
 * prefilter: a character with exact `bytes` (ASCII, no case folding, so nothing under `(?i)`)
 * matches one of them; a sequence matches, for each stretch of pieces with few exact strings, one
 * string of their product, and what each piece needs; a repeat with min ≥ 1 what its body needs;
 * an alternation one string of the union of one group per branch (nothing when a branch needs
 * nothing). Undefined when the pattern is not understood. The rarest groups come first.
 * `folded`: letters under `(?i)` count too, and the strings (lower-case) are to be looked for in
 * `foldedView(text)`, not in the text.
 */
export function requiredLiterals(pattern: string, folded = false): string[][] | undefined {
  const node = parsePattern(pattern);
  if (node === undefined) return undefined;
  const out: string[][] = [];
  for (const group of [...literals(node, folded).groups].sort((a, b) => commonness(a) - commonness(b))) {
    // Left out when a kept group implies it: each of that group's strings holds one of its own.
    if (out.some((kept) => kept.every((k) => group.some((g) => k.includes(g))))) continue;
    out.push([...group]);
  }
  return out.slice(0, MAX_GROUPS);
}

function product(a: readonly string[], b: readonly string[]): string[] | undefined {
  if (a.length * b.length > MAX_LITERALS) return undefined;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return [...out];
}

/** A usable group: small, and never satisfied by the empty string. */
function asGroup(strings: readonly string[] | undefined): string[] | undefined {
  return strings !== undefined && strings.length <= MAX_LITERALS && !strings.includes('') ? [...strings] : undefined;
}

function literals(node: Node, folded: boolean): Literals {
  const found = literalsOf(node, folded);
  const own = asGroup(found.exact);
  return own === undefined ? found : { exact: found.exact, groups: [own, ...found.groups] };
}

function literalsOf(node: Node, folded: boolean): Literals {
  switch (node.kind) {
    case 'char': {
      // Zero-width (`\b`, `^`): matches the empty string only.
      if (node.width === 0) return { exact: [''], groups: [] };
      const bytes = folded ? (node.folded ?? (node.bytes && lowerCased(node.bytes))) : node.bytes;
      if (bytes === undefined) return { exact: undefined, groups: [] };
      const chars: string[] = [];
      bytes.forEach((on, b) => {
        if (on === 1) chars.push(String.fromCharCode(b));
      });
      return { exact: chars.length <= MAX_LITERALS ? chars : undefined, groups: [] };
    }
    case 'cat': {
      const groups: (readonly string[])[] = [];
      // The product of the current stretch of exact pieces, and of all pieces while all are exact.
      let run: readonly string[] = [''];
      let whole: readonly string[] | undefined = [''];
      const flush = (): void => {
        const group = asGroup(run);
        if (group !== undefined) groups.push(group);
      };
      for (const item of node.items) {
        const inner = literals(item, folded);
        groups.push(...inner.groups);
        if (inner.exact === undefined) {
          flush();
          run = [''];
          whole = undefined;
          continue;
        }
        whole = whole === undefined ? undefined : product(whole, inner.exact);
        const longer = product(run, inner.exact);
        if (longer === undefined) {
          flush();
          run = inner.exact;
        } else run = longer;
      }
      flush();
      return { exact: whole, groups };
    }
    case 'rep': {
      const body = literals(node.node, folded);
      const once = node.min === 1 && node.max === 1;
      const optional = node.min === 0 && node.max === 1 && body.exact !== undefined ? ['', ...body.exact] : undefined;
      return { exact: once ? body.exact : optional, groups: node.min >= 1 ? body.groups : [] };
    }
    case 'alt': {
      const branches = node.branches.map((branch) => literals(branch, folded));
      const all = branches.every((b) => b.exact !== undefined) ? [...new Set(branches.flatMap((b) => b.exact ?? []))] : undefined;
      const exact = all !== undefined && all.length <= MAX_LITERALS ? all : undefined;
      const union = new Set<string>();
      for (const branch of branches) {
        // The branch's rarest group keeps the union rare.
        const best = [...branch.groups].sort((a, b) => commonness(a) - commonness(b))[0];
        if (best === undefined) return { exact, groups: [] };
        for (const s of best) union.add(s);
      }
      const group = asGroup([...union]);
      return { exact, groups: group === undefined ? [] : [group] };
    }
  }
}

/** A run of at least `min` consecutive bytes, each one of `bytes`. */
export interface ByteRun {
  readonly bytes: ByteClass;
  readonly min: number;
}

/** Shorter runs are in most texts: not worth a pass. */
const MIN_USEFUL_RUN = 8;

/**
 * A run every match of the pattern holds (`[A-Za-z0-9_-]{16,}` for a token): prose says "token"
 * but rarely holds 16 token characters in a row. Sound by construction: a repeat of an exact byte
 * class with min ≥ n matches such a run; a sequence holds every run its pieces hold; an
 * alternation a run of the union of its branches' classes at the shortest of their lengths.
 * Undefined when the pattern is not understood or no run of at least 8 is certain; of several,
 * the longest.
 */
export function requiredRun(pattern: string): ByteRun | undefined {
  const node = parsePattern(pattern);
  if (node === undefined) return undefined;
  const best = longest(runsOf(node));
  return best !== undefined && best.min >= MIN_USEFUL_RUN ? best : undefined;
}

function longest(runs: readonly ByteRun[]): ByteRun | undefined {
  let best: ByteRun | undefined;
  for (const run of runs) if (best === undefined || run.min > best.min || (run.min === best.min && size(run.bytes) < size(best.bytes))) best = run;
  return best;
}

function size(cls: ByteClass): number {
  return cls.reduce((n, on) => n + on, 0);
}

function runsOf(node: Node): ByteRun[] {
  switch (node.kind) {
    case 'char':
      return [];
    case 'cat':
      return node.items.flatMap(runsOf);
    case 'rep': {
      if (node.min < 1) return [];
      const body = node.node;
      if (body.kind === 'char' && body.bytes !== undefined && body.width > 0) return [{ bytes: body.bytes, min: node.min }];
      return runsOf(body);
    }
    case 'alt': {
      const union = new Uint8Array(256);
      let min = Number.POSITIVE_INFINITY;
      for (const branch of node.branches) {
        const best = longest(runsOf(branch));
        if (best === undefined) return [];
        best.bytes.forEach((on, b) => {
          if (on === 1) union[b] = 1;
        });
        min = Math.min(min, best.min);
      }
      return [{ bytes: union, min }];
    }
  }
}
