/**
 * Which lines of a new file version are new content. A line counts as added unless an
 * identical line in the previous version accounts for it (a multiset match, in order). Unlike
 * a positional diff this does not flag moved lines: moving a line that already held a secret
 * exposes nothing new. Linear time and memory, so a huge generated file cannot stall a hook.
 */
import { decode } from '../engine/encoding.js';

/** Lines as byte-exact strings (latin1 maps each byte to one char), split like LineIndex. */
function lines(bytes: Buffer): string[] {
  const out: string[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, start)) {
    out.push(bytes.toString('latin1', start, nl));
    start = nl + 1;
  }
  out.push(bytes.toString('latin1', start));
  return out;
}

/** 1-based numbers of the lines of `next` not present in `previous` (both raw file bytes). */
export function addedLines(previous: Buffer, next: Buffer): Set<number> {
  // Compare what the engine matches on: UTF-16 files are transcoded before line numbering.
  const available = new Map<string, number>();
  for (const line of lines(decode(previous).bytes)) available.set(line, (available.get(line) ?? 0) + 1);
  const added = new Set<number>();
  lines(decode(next).bytes).forEach((line, i) => {
    const left = available.get(line) ?? 0;
    if (left > 0) available.set(line, left - 1);
    else added.add(i + 1);
  });
  return added;
}

/** Lines new relative to every one of `previous` (a merge introduces only what no parent had). */
export function addedLinesVsAll(previous: readonly Buffer[], next: Buffer): Set<number> {
  const [first, ...rest] = previous;
  if (first === undefined) return allLines(next);
  const result = addedLines(first, next);
  for (const p of rest) {
    if (result.size === 0) break;
    const other = addedLines(p, next);
    for (const n of result) if (!other.has(n)) result.delete(n);
  }
  return result;
}

export function allLines(content: Buffer): Set<number> {
  return new Set(lines(decode(content).bytes).map((_, i) => i + 1));
}

/**
 * A line set computed on first use. The engine only asks for it when a rule matched, so the
 * line diff runs only for the few files with candidate secrets.
 */
export class LazyLineSet implements ReadonlySet<number> {
  private value: ReadonlySet<number> | undefined;

  constructor(private readonly compute: () => ReadonlySet<number>) {}

  private get set(): ReadonlySet<number> {
    this.value ??= this.compute();
    return this.value;
  }

  get size(): number {
    return this.set.size;
  }

  has(value: number): boolean {
    return this.set.has(value);
  }

  forEach(callback: (value: number, key: number, set: ReadonlySet<number>) => void, thisArg?: unknown): void {
    this.set.forEach((v) => callback.call(thisArg, v, v, this));
  }

  entries(): SetIterator<[number, number]> {
    return this.set.entries();
  }

  keys(): SetIterator<number> {
    return this.set.keys();
  }

  values(): SetIterator<number> {
    return this.set.values();
  }

  [Symbol.iterator](): SetIterator<number> {
    return this.set[Symbol.iterator]();
  }
}
