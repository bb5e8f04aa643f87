/**
 * Line numbers for config errors. smol-toml reports positions for syntax errors only; for a
 * valid document with a wrong key we find the line that defines the key by reading the text.
 * Best effort by design: when the key cannot be found the message names file and key only.
 */

/** `file:line` when the line is known, else `file`. */
export function where(file: string, line: number | undefined): string {
  return line === undefined ? file : `${file}:${line}`;
}

function normalise(key: string): string {
  return key
    .split('.')
    .map((part) => part.trim().replace(/^["']|["']$/g, ''))
    .join('.');
}

interface Line {
  readonly n: number;
  /** `[table]` / `[[array]]` name, or undefined. */
  readonly header?: string;
  /** The header is `[[array]]`. */
  readonly array?: boolean;
  /** Left-hand side of `key = value`, or undefined. */
  readonly key?: string;
}

/** Headers and keys line by line, skipping the inside of multi-line strings. */
function* structure(text: string): Generator<Line> {
  let inMulti: string | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (inMulti !== undefined) {
      if (raw.includes(inMulti)) inMulti = undefined;
      continue;
    }
    const line = raw.trim();
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (header?.[1] !== undefined) {
      yield { n: i + 1, header: normalise(header[1]), array: line.startsWith('[[') };
      continue;
    }
    const kv = /^((?:"[^"]*"|'[^']*'|[A-Za-z0-9_.\- ])+?)\s*=\s*(.*)$/.exec(line);
    if (kv?.[1] === undefined) continue;
    yield { n: i + 1, key: normalise(kv[1]) };
    const value = kv[2] ?? '';
    for (const q of ["'''", '"""']) {
      const at = value.indexOf(q);
      if (at !== -1 && value.indexOf(q, at + 3) === -1) inMulti = q;
    }
  }
}

/** 1-based line that defines the dotted `key` (`allowlist.paths`, `severity.some-rule`). */
export function keyLine(text: string, key: string): number | undefined {
  let table = '';
  for (const l of structure(text)) {
    if (l.header !== undefined) {
      table = l.header;
      if (l.header === key || l.header.startsWith(`${key}.`)) return l.n;
      continue;
    }
    const full = table === '' ? (l.key ?? '') : `${table}.${l.key ?? ''}`;
    if (full === key || full.startsWith(`${key}.`) || key.startsWith(`${full}.`)) return l.n;
  }
  return undefined;
}

/** Line of each `[[rules]]` header, in order (index i ↔ the i-th rule). */
export function ruleHeaderLines(text: string): number[] {
  const out: number[] = [];
  for (const l of structure(text)) if (l.header === 'rules' && l.array === true) out.push(l.n);
  return out;
}
