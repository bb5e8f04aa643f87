/**
 * The only module that loads `re2`. Every rule pattern — built-in or user-supplied — goes
 * through here, so there is no code path that builds a backtracking JS RegExp from rule text.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, RegexEngineUnavailable } from '../errors.js';

export interface ByteMatch {
  /** Byte offset of the whole match. */
  readonly start: number;
  readonly end: number;
  /** Byte offsets of each capture group, `undefined` when the group did not take part. */
  readonly groups: readonly (readonly [number, number] | undefined)[];
}

export interface CompiledPattern {
  /** Every non-overlapping match in `input`, with byte offsets. */
  matchAll(input: Buffer): ByteMatch[];
  test(input: Buffer | string): boolean;
  readonly groupCount: number;
  /** The pattern as given: worker threads compile their own copy from it. */
  readonly source: string;
}

interface Re2Match extends Array<Buffer | string | undefined> {
  index: number;
  indices?: ([number, number] | undefined)[];
}

interface Re2Instance {
  lastIndex: number;
  exec(input: Buffer | string): Re2Match | null;
  test(input: Buffer | string): boolean;
}

interface Re2SetInstance {
  match(input: Buffer | string): number[];
}

interface Re2Module {
  new (pattern: string, flags?: string): Re2Instance;
  Set: new (patterns: string[], flags?: string) => Re2SetInstance;
}

let loaded: Re2Module | undefined;

/** re2's native addon inside a node_modules folder, where npm builds it. */
const ADDON = join('re2', 'build', 'Release', 're2.node');

/**
 * The addon's path, looked for as Node looks for a package (a node_modules folder in each
 * parent folder): requiring it directly costs ~0.9 ms less per run than require('re2'), which
 * also reads package.json files and loads a wrapper whose only additions (String.prototype
 * method aliases) leakproof does not use. Undefined for any other layout: then require('re2').
 */
function addonPath(): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', ADDON);
    if (basename(dir) !== 'node_modules' && existsSync(file)) return file;
    if (dirname(dir) === dir) return undefined;
  }
}

function re2(): Re2Module {
  if (loaded) return loaded;
  try {
    const require = createRequire(import.meta.url);
    loaded = require(addonPath() ?? 're2') as Re2Module;
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new RegexEngineUnavailable(
      `cannot load the re2 regex engine (${why ?? 'unknown error'}); run \`npm rebuild re2\`. ` +
        'leakproof never falls back to a backtracking engine.',
    );
  }
  return loaded;
}

/** Compile an RE2 pattern or throw a ConfigError naming `where`. */
export function compile(pattern: string, where: string): CompiledPattern {
  const Re2 = re2();
  let re: Re2Instance;
  try {
    re = new Re2(pattern, 'gd');
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${where}: regex rejected by RE2: ${why}`);
  }
  let groupCount: number | undefined;
  return {
    source: pattern,
    // Counting groups costs a second compile: only validation and user rules need it.
    get groupCount() {
      groupCount ??= countGroups(pattern);
      return groupCount;
    },
    test(input) {
      re.lastIndex = 0;
      const hit = re.test(input);
      re.lastIndex = 0;
      return hit;
    },
    matchAll(input) {
      const out: ByteMatch[] = [];
      re.lastIndex = 0;
      for (;;) {
        const m = re.exec(input);
        if (m === null) break;
        const indices = m.indices ?? [];
        const whole = indices[0];
        const start = whole ? whole[0] : m.index;
        const end = whole ? whole[1] : m.index;
        out.push({ start, end, groups: indices.slice(1) });
        // An empty match would never advance: step one byte (patterns that can match empty
        // are rejected at load time; this is the second guard).
        if (end === start) re.lastIndex = end + 1;
        if (re.lastIndex > input.length) break;
      }
      re.lastIndex = 0;
      return out;
    },
  };
}

/** Number of capturing groups, counted by RE2 itself (no parsing of our own). */
function countGroups(pattern: string): number {
  const Re2 = re2();
  const probe = new Re2(`(?:${pattern})|()`, 'd');
  const m = probe.exec('');
  return m === null ? 0 : m.length - 2;
}

/** A case-insensitive multi-literal matcher that reports which literals occur. */
export interface LiteralSet {
  present(input: Buffer): number[];
}

export function literalSet(literals: readonly string[]): LiteralSet {
  const Re2 = re2();
  if (literals.length === 0) return { present: () => [] };
  const set = new Re2.Set(literals.map(escapeLiteral), 'i');
  return { present: (input) => set.match(input) };
}

export function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** Which of several patterns match somewhere in an input: one pass instead of one per pattern. */
export interface PatternSet {
  /** Indices of the patterns that match, ascending; throws when RE2 gives up (out of memory). */
  matching(input: Buffer): number[];
}

/** Throws when RE2 cannot combine the patterns; callers then match them one by one. */
export function patternSet(patterns: readonly string[]): PatternSet {
  const set = new (re2().Set)([...patterns]);
  return { matching: (input) => set.match(input) };
}
