/**
 * `.leakproof.toml`: user rules, disabled rules and allowlists. Validated strictly — an unknown
 * key is an error naming the file and key, never silently ignored.
 */
import { closeSync, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import type { RuleSpec } from '../model.js';
import { isTable } from '../rules/schema.js';
import { parseToml, rulesFromTable } from '../rules/load.js';

export const CONFIG_FILE = '.leakproof.toml';

export interface Config {
  /** File it was read from, for messages; undefined for the default config. */
  readonly file?: string;
  readonly rules: readonly RuleSpec[];
  readonly disabledRules: readonly string[];
  readonly allowlist: {
    /** Globs over `/`-separated paths relative to the scan root (gitignore syntax). */
    readonly paths: readonly string[];
    readonly regexes: readonly string[];
    readonly stopwords: readonly string[];
  };
}

export const DEFAULT_CONFIG: Config = {
  rules: [],
  disabledRules: [],
  allowlist: { paths: [], regexes: [], stopwords: [] },
};

const TOP_KEYS = new Set(['rules', 'disabledRules', 'allowlist']);
const ALLOW_KEYS = new Set(['paths', 'regexes', 'stopwords']);

function strings(value: unknown, file: string, key: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new ConfigError(`${file}: "${key}" must be an array of strings`);
  }
  return value;
}

export function parseConfig(text: string, file: string): Config {
  const doc = parseToml(text, file);
  for (const key of Object.keys(doc)) {
    if (!TOP_KEYS.has(key)) throw new ConfigError(`${file}: unknown key "${key}"`);
  }
  const allow = doc.allowlist ?? {};
  if (!isTable(allow)) throw new ConfigError(`${file}: "allowlist" must be a table`);
  for (const key of Object.keys(allow)) {
    if (!ALLOW_KEYS.has(key)) throw new ConfigError(`${file}: unknown key "allowlist.${key}"`);
  }
  return {
    file,
    rules: rulesFromTable(doc, file),
    disabledRules: strings(doc.disabledRules, file, 'disabledRules'),
    allowlist: {
      paths: strings(allow.paths, file, 'allowlist.paths'),
      regexes: strings(allow.regexes, file, 'allowlist.regexes'),
      stopwords: strings(allow.stopwords, file, 'allowlist.stopwords').map((s) => s.toLowerCase()),
    },
  };
}

/**
 * Config, ignore and baseline files are untrusted input: regular files only (a link to
 * /dev/zero must not hang us) and capped in size.
 */
const MAX_POLICY_BYTES = 1024 * 1024;

export function readPolicyFile(path: string, label: string): string {
  try {
    if (!lstatSync(path).isFile()) throw new ConfigError(`${label}: not a regular file`);
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > MAX_POLICY_BYTES) throw new ConfigError(`${label}: larger than 1 MiB`);
      const bytes = Buffer.alloc(size);
      let read = 0;
      while (read < size) {
        const n = readSync(fd, bytes, read, size - read, read);
        if (n === 0) break;
        read += n;
      }
      return bytes.toString('utf8', 0, read);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${label}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export function readConfigFile(path: string, label: string): Config {
  return parseConfig(readPolicyFile(path, label), label);
}
