/**
 * `.leakproof-baseline.json`: known findings, keyed by content so they survive edits above
 * them and a new secret on a known line is still reported. It holds nothing from which a
 * secret can be recovered — a per-repository random salt and truncated HMACs, no line numbers,
 * no timestamps, no surrounding text — and it is written sorted, one entry per line, so two
 * branches that baseline different files do not conflict.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../errors.js';
import type { BaselineEntry } from '../model.js';
import { isTable } from '../rules/schema.js';

export const BASELINE_FILE = '.leakproof-baseline.json';
/** Marker that identifies the file by content (see baseline-self.ts). */
const MARKER = 'baseline';
const VERSION = 1;

export interface Baseline {
  /** The file as named to the user. */
  readonly file: string;
  readonly salt: string;
  readonly entries: readonly BaselineEntry[];
}

const SALT = /^[0-9a-f]{64}$/;
const FINGERPRINT = /^[0-9a-f]{32}$/;
const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TOP_KEYS = new Set(['leakproof', 'version', 'salt', 'entries']);
const ENTRY_KEYS = new Set(['path', 'rule', 'fingerprint']);

export function newSalt(): string {
  return randomBytes(32).toString('hex');
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function lineColumn(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return `${lineOf(text, offset)}:${offset - start + 1}`;
}

/** `file:line` of the first occurrence of `needle`, else `file`. */
function at(text: string, file: string, needle: string | undefined): string {
  const i = needle === undefined ? -1 : text.indexOf(needle);
  return i === -1 ? file : `${file}:${lineOf(text, i)}`;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8's message quotes the input (a secret, for a mistyped file): keep only its position.
    throw new ConfigError(`${file}:${lineColumn(text, errorOffset(text, error))}: invalid JSON`);
  }
}

/** Where `JSON.parse` stopped, when its message says (the end of input counts). */
function parseErrorAt(text: string, error: unknown): number | undefined {
  const why = error instanceof Error ? error.message : String(error);
  const pos = /at position (\d+)/.exec(why)?.[1];
  if (pos !== undefined) return Number(pos);
  return why.includes('end of JSON input') ? text.length : undefined;
}

/**
 * Offset of the first bad character. Some V8 messages ("Unexpected token 'x', …") carry no
 * position: the shortest prefix that fails before its end has the bad character last.
 */
function errorOffset(text: string, error: unknown): number {
  const known = parseErrorAt(text, error);
  if (known !== undefined) return known;
  const failsInside = (n: number): boolean => {
    try {
      JSON.parse(text.slice(0, n));
      return false;
    } catch (e) {
      const at = parseErrorAt(text.slice(0, n), e);
      return at === undefined || at < n;
    }
  };
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsInside(mid)) hi = mid;
    else lo = mid + 1;
  }
  return Math.max(0, lo - 1);
}

function isSafePath(path: string): boolean {
  return (
    path !== '' &&
    !path.startsWith('/') &&
    !path.includes('\\') &&
    !path.includes('\0') &&
    !/^[A-Za-z]:/.test(path) &&
    !path.split('/').some((p) => p === '..' || p === '.' || p === '')
  );
}

function parseEntry(raw: unknown, i: number, text: string, file: string): BaselineEntry {
  const where = (needle?: string): string => at(text, file, needle);
  if (!isTable(raw)) throw new ConfigError(`${file}: entries[${i}] must be an object`);
  const fp = typeof raw.fingerprint === 'string' ? raw.fingerprint : undefined;
  for (const key of Object.keys(raw)) {
    if (!ENTRY_KEYS.has(key)) throw new ConfigError(`${where(fp)}: entries[${i}]: unknown key "${key}"`);
  }
  if (fp === undefined || !FINGERPRINT.test(fp)) throw new ConfigError(`${where(fp)}: entries[${i}]: "fingerprint" must be 32 lower-case hex characters`);
  if (typeof raw.rule !== 'string' || !RULE_ID.test(raw.rule)) throw new ConfigError(`${where(fp)}: entries[${i}]: "rule" must be a rule id`);
  if (raw.path !== undefined && (typeof raw.path !== 'string' || !isSafePath(raw.path))) {
    throw new ConfigError(`${where(fp)}: entries[${i}]: "path" must be a '/'-separated relative path`);
  }
  return { fingerprint: fp, rule: raw.rule, ...(typeof raw.path === 'string' ? { path: raw.path } : {}) };
}

/** Strict: anything but the exact shape is an error naming the file, line and key. */
export function parseBaseline(text: string, file: string): Baseline {
  const doc = parseJson(text, file);
  if (!isTable(doc)) throw new ConfigError(`${file}: not a leakproof baseline (expected a JSON object)`);
  for (const key of Object.keys(doc)) {
    if (!TOP_KEYS.has(key)) throw new ConfigError(`${at(text, file, `"${key}"`)}: unknown key "${key}"`);
  }
  if (doc.leakproof !== MARKER) throw new ConfigError(`${file}: not a leakproof baseline ("leakproof": "${MARKER}" missing)`);
  if (doc.version !== VERSION) throw new ConfigError(`${at(text, file, '"version"')}: unsupported baseline version (expected ${VERSION})`);
  if (typeof doc.salt !== 'string' || !SALT.test(doc.salt)) throw new ConfigError(`${at(text, file, '"salt"')}: "salt" must be 64 lower-case hex characters`);
  if (!Array.isArray(doc.entries)) throw new ConfigError(`${at(text, file, '"entries"')}: "entries" must be an array`);
  return { file, salt: doc.salt, entries: doc.entries.map((e, i) => parseEntry(e, i, text, file)) };
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const pa = a.path ?? '';
  const pb = b.path ?? '';
  if (pa !== pb) return pa < pb ? -1 : 1;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0;
}

/** Sorted, de-duplicated, one entry per line; the same input always gives the same bytes. */
export function serializeBaseline(salt: string, entries: readonly BaselineEntry[]): string {
  const seen = new Set<string>();
  const unique = [...entries].sort(compareEntries).filter((e) => {
    const key = `${e.path ?? ''}\0${e.rule}\0${e.fingerprint}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const lines = unique.map((e) => {
    const fields = [...(e.path === undefined ? [] : [`"path": ${JSON.stringify(e.path)}`]), `"rule": ${JSON.stringify(e.rule)}`, `"fingerprint": ${JSON.stringify(e.fingerprint)}`];
    return `    {${fields.join(', ')}}`;
  });
  const body = lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n  ]`;
  return `{\n  "leakproof": "${MARKER}",\n  "version": ${VERSION},\n  "salt": "${salt}",\n  "entries": ${body}\n}\n`;
}
