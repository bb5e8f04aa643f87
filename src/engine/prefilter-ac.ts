/**
 * Case-insensitive multi-literal search as an Aho-Corasick byte DFA, in plain JS.
 *
 * Why not only `RE2.Set`: a Set tells which literals occur but not where, so it cannot say
 * which parts of a file are worth a rule's regex. This automaton reports every occurrence
 * (overlapping ones included: `secret_access_key` also yields `secret` and `key`) in one pass
 * over the bytes, at a fixed cost per byte whatever the number of keywords.
 *
 * Layout: bytes map to equivalence classes (each byte that occurs in a keyword gets a class,
 * A–Z share the class of a–z, every other byte is class 0), and the transition table is one
 * Int32Array of states × classes with state numbers pre-multiplied by the class count, so the
 * hot loop is two typed-array loads and one add per byte.
 */

/** All hits of one pass: `keywords[i]` and `ends[i]` for i < count, in end order. */
export interface KeywordHits {
  readonly count: number;
  readonly keywords: Int32Array;
  readonly ends: Int32Array;
  /** Per keyword: 1 when it occurs (positional or not). */
  readonly seen: Uint8Array;
}

export interface KeywordAutomaton {
  /** Indices of the keywords that occur at least once, ascending. */
  present(input: Uint8Array): number[];
  /**
   * One pass: which keywords occur, and where the positional ones do (the others are only
   * marked in `seen`: a rule that runs on the whole buffer needs no positions).
   */
  scan(input: Uint8Array): KeywordHits;
  /** Byte length of each keyword (after lower-casing), for turning end offsets into starts. */
  readonly lengths: readonly number[];
}

const fold = (b: number): number => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b);

interface Tables {
  readonly encoded: readonly Uint8Array[];
  readonly cls: Uint8Array;
  readonly classes: number;
  readonly states: number;
  /** states × classes, entries pre-multiplied by `classes`. */
  readonly delta: Int32Array;
  readonly accept: Uint8Array;
  readonly outputs: readonly (readonly number[])[];
}

function buildTables(keywords: readonly string[]): Tables {
  const encoded = keywords.map((k) => Uint8Array.from(Buffer.from(k.toLowerCase(), 'utf8'), fold));

  // Byte classes.
  const cls = new Uint8Array(256);
  let classes = 1;
  for (const bytes of encoded) {
    for (const b of bytes) {
      if (cls[b] === 0) {
        if (classes === 255) throw new Error('keyword automaton: more than 254 distinct bytes');
        cls[b] = classes++;
      }
    }
  }
  for (let b = 0x41; b <= 0x5a; b++) cls[b] = cls[b + 0x20] ?? 0;

  // Trie (goto function), with child lists keyed by class.
  const children: Map<number, number>[] = [new Map()];
  const outputs: number[][] = [[]];
  encoded.forEach((bytes, id) => {
    if (bytes.length === 0) return;
    let s = 0;
    for (const b of bytes) {
      const c = cls[b] ?? 0;
      let next = children[s]?.get(c);
      if (next === undefined) {
        next = children.length;
        children.push(new Map());
        outputs.push([]);
        children[s]?.set(c, next);
      }
      s = next;
    }
    outputs[s]?.push(id);
  });

  // Failure links by BFS, folded straight into a full DFA table (the classic construction).
  const states = children.length;
  const delta = new Int32Array(states * classes);
  const accept = new Uint8Array(states);
  const fail = new Int32Array(states);
  const queue: number[] = [];
  for (let c = 0; c < classes; c++) {
    const t = children[0]?.get(c);
    if (t !== undefined) {
      delta[c] = t * classes;
      fail[t] = 0;
      queue.push(t);
    }
  }
  for (let qi = 0; qi < queue.length; qi++) {
    const s = queue[qi] ?? 0;
    const f = fail[s] ?? 0;
    const own = outputs[s] ?? [];
    for (const id of outputs[f] ?? []) if (!own.includes(id)) own.push(id);
    if (own.length > 0) accept[s] = 1;
    for (let c = 0; c < classes; c++) {
      const t = children[s]?.get(c);
      if (t !== undefined) {
        fail[t] = (delta[f * classes + c] ?? 0) / classes;
        delta[s * classes + c] = t * classes;
        queue.push(t);
      } else {
        delta[s * classes + c] = delta[f * classes + c] ?? 0;
      }
    }
  }
  return { encoded, cls, classes, states, delta, accept, outputs };
}

/**
 * The tables with states renumbered so that accepting ones come last (the start state stays 0):
 * a scan loop tells them apart with one comparison, `s >= acceptFrom`, instead of a second table
 * lookup per byte (the catalogue's table is ~1.3 MB, so each lookup is a likely cache miss: the
 * positional scan ran at ~8 ms/MB with the lookup, ~3 without). Per accepting state, in the new
 * order, its keyword ids are `ids[starts[a]]` up to `ids[starts[a + 1]]`.
 */
function acceptingLast({ classes, states, delta, accept, outputs }: Tables): { table: Int32Array; acceptFrom: number; starts: Int32Array; ids: Int32Array } {
  const order: number[] = [];
  for (let s = 0; s < states; s++) if (accept[s] === 0) order.push(s);
  const firstAccepting = order.length;
  for (let s = 0; s < states; s++) if (accept[s] !== 0) order.push(s);
  const renamed = new Int32Array(states);
  order.forEach((old, now) => (renamed[old] = now));
  const table = new Int32Array(states * classes);
  for (let now = 0; now < states; now++) {
    const old = order[now] ?? 0;
    for (let c = 0; c < classes; c++) table[now * classes + c] = (renamed[(delta[old * classes + c] ?? 0) / classes] ?? 0) * classes;
  }
  const starts = [0];
  const ids: number[] = [];
  for (const old of order.slice(firstAccepting)) {
    ids.push(...(outputs[old] ?? []));
    starts.push(ids.length);
  }
  return { table, acceptFrom: firstAccepting * classes, starts: Int32Array.from(starts), ids: Int32Array.from(ids) };
}

/** The positional scan over accepting-last tables, for built and loaded automata alike. */
function positionalScan(
  cls: Uint8Array,
  delta: Int32Array,
  classes: number,
  acceptFrom: number,
  starts: Int32Array,
  ids: Int32Array,
  keywordCount: number,
  wantsPosition?: Uint8Array,
): (input: Uint8Array) => KeywordHits {
  return (input) => {
    const seen = new Uint8Array(keywordCount);
    let kw = new Int32Array(256);
    let ends = new Int32Array(256);
    let count = 0;
    let s = 0;
    for (let i = 0, n = input.length; i < n; i++) {
      s = delta[s + (cls[input[i] as number] as number)] as number;
      if (s < acceptFrom) continue;
      const a = (s - acceptFrom) / classes;
      for (let j = starts[a] as number, end = starts[a + 1] as number; j < end; j++) {
        const id = ids[j] as number;
        seen[id] = 1;
        if (wantsPosition !== undefined && wantsPosition[id] === 0) continue;
        if (count === kw.length) {
          const k2 = new Int32Array(count * 2);
          k2.set(kw);
          kw = k2;
          const e2 = new Int32Array(count * 2);
          e2.set(ends);
          ends = e2;
        }
        kw[count] = id;
        ends[count] = i + 1;
        count++;
      }
    }
    return { count, keywords: kw, ends, seen };
  };
}

/** `positional(i)`: whether hits of keyword i need their offsets (default: all do). */
export function buildAutomaton(keywords: readonly string[], positional: (keyword: number) => boolean = () => true): KeywordAutomaton {
  const tables = buildTables(keywords);
  const { encoded, cls, classes } = tables;
  const { table, acceptFrom, starts, ids } = acceptingLast(tables);
  const wantsPosition = Uint8Array.from(keywords, (_, i) => (positional(i) ? 1 : 0));
  const scan = positionalScan(cls, table, classes, acceptFrom, starts, ids, keywords.length, wantsPosition);
  return {
    lengths: encoded.map((b) => b.length),
    present(input) {
      const seen = scan(input).seen;
      const found: number[] = [];
      for (let i = 0; i < seen.length; i++) if (seen[i] !== 0) found.push(i);
      return found;
    },
    scan,
  };
}

/**
 * The same automaton as bytes, made at build time so a run that only needs to know which
 * keywords occur (a pre-commit scan, an agent hook) neither builds it (~25 ms for the
 * catalogue's ~1,000 keywords) nor compiles an `RE2.Set` of them (~10 ms): it reads the tables
 * and indexes into them. States are renumbered so that accepting ones come last: the scan loop
 * tells them apart with one comparison.
 *
 * Layout (little-endian 32-bit words unless noted): magic, version, classes, states,
 * accepting states, keyword count, output ids, keyword text bytes, 1 when the keywords are all
 * of the rule catalogue's (see LoadedAutomaton.complete) else 0; the class of every byte (256
 * bytes); the transition table (states × classes, 16-bit state numbers: half the bytes every
 * hook run reads, ~0.7 MB less), padded to 4 bytes; per accepting state the start of its output
 * list (+1 end); the output keyword ids; the keywords, NUL-separated UTF-8.
 */
const MAGIC = 0x4341504c; // "LPAC"
const FORMAT = 2;
const HEADER_WORDS = 9;
const MAX_STATES = 0xffff;

/** Bytes of the transition table with its padding. */
const tableBytes = (states: number, classes: number): number => Math.ceil((2 * states * classes) / 4) * 4;

/** `complete`: the keywords are every keyword of the rule catalogue they were taken from. */
export function serializeAutomaton(keywords: readonly string[], complete = false): Buffer {
  const tables = buildTables(keywords);
  const { cls, classes, states } = tables;
  if (states > MAX_STATES) throw new Error(`keyword automaton: ${states} states do not fit its 16-bit table (at most ${MAX_STATES})`);
  const { table, acceptFrom, starts, ids } = acceptingLast(tables);
  const narrow = new Uint16Array(tableBytes(states, classes) / 2);
  for (let i = 0; i < table.length; i++) narrow[i] = (table[i] ?? 0) / classes;
  const text = Buffer.from(keywords.join('\0'), 'utf8');
  const header = Int32Array.from([MAGIC, FORMAT, classes, states, states - acceptFrom / classes, keywords.length, ids.length, text.length, complete ? 1 : 0]);
  const words = (a: Int32Array | Uint16Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return Buffer.concat([words(header), Buffer.from(cls), words(narrow), words(starts), words(ids), text]);
}

/** A serialized automaton: its keywords, a presence-only search and the positional one. */
export interface LoadedAutomaton {
  readonly keywords: readonly string[];
  /** Its keywords are all of the rule catalogue's: no hit here means no rule of it can match. */
  readonly complete: boolean;
  /** Indices of the keywords that occur at least once, ascending. */
  present(input: Uint8Array): number[];
  /** Every hit with its end offset (see KeywordAutomaton.scan). */
  scan(input: Uint8Array): KeywordHits;
  /** Byte length of each keyword. */
  readonly lengths: readonly number[];
}

/** A loaded automaton's keywords numbered as a ruleset's (see `renumber`). */
export interface Renumbering {
  /** Per keyword of the automaton, its index in the ruleset's keywords, or -1. */
  readonly ours: Int32Array;
  /** Indices of the ruleset's keywords the automaton does not hold. */
  readonly missing: readonly number[];
}

/** Matches `keywords` to the automaton's by lower-cased text (the automaton folds ASCII case). */
export function renumber(built: LoadedAutomaton, keywords: readonly string[]): Renumbering {
  const position = new Map(built.keywords.map((k, i) => [k, i]));
  const ours = new Int32Array(built.keywords.length).fill(-1);
  const missing: number[] = [];
  keywords.forEach((k, i) => {
    const at = position.get(k.toLowerCase());
    if (at === undefined) missing.push(i);
    else ours[at] = i;
  });
  return { ours, missing };
}

/** undefined when `bytes` is not a serialized automaton this code reads (wrong format or byte order). */
export function loadAutomaton(bytes: Buffer): LoadedAutomaton | undefined {
  if (bytes.length < HEADER_WORDS * 4) return undefined;
  // Typed-array views need 4-byte alignment; a copy is the rare case.
  const buf = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
  const words = (offset: number, count: number): Int32Array => new Int32Array(buf.buffer, buf.byteOffset + offset, count);
  const [magic, format, classes = 0, states = 0, accepting = 0, count = 0, idCount = 0, textBytes = 0, complete = 0] = words(0, HEADER_WORDS);
  let at = HEADER_WORDS * 4;
  const size = at + 256 + tableBytes(states, classes) + 4 * (accepting + 1 + idCount) + textBytes;
  if (magic !== MAGIC || format !== FORMAT || buf.length !== size) return undefined;
  const cls = new Uint8Array(buf.buffer, buf.byteOffset + at, 256);
  at += 256;
  const delta = new Uint16Array(buf.buffer, buf.byteOffset + at, states * classes);
  at += tableBytes(states, classes);
  const starts = words(at, accepting + 1);
  at += 4 * (accepting + 1);
  const ids = words(at, idCount);
  at += 4 * idCount;
  const textAt = at;
  // Made on first use: a hook asks which keywords are present, by number.
  let keywords: string[] | undefined;
  let lengths: number[] | undefined;
  const keywordsOf = (): string[] => {
    keywords ??= count === 0 ? [] : buf.toString('utf8', textAt, textAt + textBytes).split('\0');
    if (keywords.length !== count) throw new Error(`keyword automaton: ${keywords.length} keywords where its header says ${count}`);
    return keywords;
  };
  const acceptFrom = states - accepting;
  // The positional scan (tree, history and redact windows) runs on the pre-multiplied 32-bit
  // table, made on its first use: the hooks only ask which keywords are present.
  let scan: ((input: Uint8Array) => KeywordHits) | undefined;
  return {
    get keywords() {
      return keywordsOf();
    },
    complete: complete === 1,
    get lengths() {
      lengths ??= keywordsOf().map((k) => Buffer.byteLength(k, 'utf8'));
      return lengths;
    },
    scan(input) {
      scan ??= positionalScan(cls, Int32Array.from(delta, (s) => s * classes), classes, acceptFrom * classes, starts, ids, count);
      return scan(input);
    },
    present(input) {
      const seen = new Uint8Array(count);
      let any = false;
      let s = 0;
      for (let i = 0, n = input.length; i < n; i++) {
        s = delta[s * classes + (cls[input[i] as number] as number)] as number;
        if (s < acceptFrom) continue;
        const a = s - acceptFrom;
        for (let j = starts[a] as number, end = starts[a + 1] as number; j < end; j++) seen[ids[j] as number] = 1;
        any = true;
      }
      const found: number[] = [];
      if (any) for (let k = 0; k < count; k++) if (seen[k] !== 0) found.push(k);
      return found;
    },
  };
}
