/**
 * `.leakproof.toml`: which rules run (`[extend] useDefault`, `disabledRules`, `[severity]`,
 * custom `[[rules]]`), what is allowed (`[allowlist]`) and the baseline file. Validated
 * strictly — an unknown key is an error naming the file, the line and the key, never silently
 * ignored, because a misspelt allowlist key that is ignored would quietly change the policy.
 */
import { readFileCapped } from '../sources/read-file.js';
import { ConfigError } from '../errors.js';
import { SEVERITIES, type RuleSpec, type Severity } from '../model.js';
import { isTable, validateRuleSpec } from '../rules/schema.js';
import { parseToml } from '../rules/load.js';
import { keyLine, ruleHeaderLines, where } from './locate.js';

export const CONFIG_FILE = '.leakproof.toml';

export interface ConfigAllowlist {
  /** gitignore-style globs over `/`-separated paths relative to the config's folder. */
  readonly paths: readonly string[];
  /** RE2 patterns over the same relative paths (what gitleaks calls `paths`). */
  readonly pathRegexes: readonly string[];
  /** RE2 patterns tested against the secret. */
  readonly regexes: readonly string[];
  /** Lower-cased substrings; a secret containing one is dropped. */
  readonly stopwords: readonly string[];
}

export interface Config {
  /** File it was read from, for messages; undefined for the default config. */
  readonly file?: string;
  /** `[extend] useDefault`: false replaces the built-in catalogue; undefined inherits. */
  readonly useDefault?: boolean;
  readonly rules: readonly RuleSpec[];
  readonly disabledRules: readonly string[];
  /** `[severity]`: rule id → severity that replaces the rule's own. */
  readonly severity: Readonly<Record<string, Severity>>;
  /** Baseline file, relative to the config's folder (root config only). */
  readonly baseline?: string;
  readonly allowlist: ConfigAllowlist;
}

export const DEFAULT_CONFIG: Config = {
  rules: [],
  disabledRules: [],
  severity: {},
  allowlist: { paths: [], pathRegexes: [], regexes: [], stopwords: [] },
};

const TOP_KEYS = new Set(['extend', 'rules', 'disabledRules', 'severity', 'baseline', 'allowlist']);
const EXTEND_KEYS = new Set(['useDefault']);
const ALLOW_KEYS = new Set(['paths', 'pathRegexes', 'regexes', 'stopwords']);

function strings(value: unknown, text: string, file: string, key: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new ConfigError(`${where(file, keyLine(text, key))}: "${key}" must be an array of strings`);
  }
  return value;
}

function table(value: unknown, text: string, file: string, key: string, known: ReadonlySet<string>): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isTable(value)) throw new ConfigError(`${where(file, keyLine(text, key))}: "${key}" must be a table`);
  for (const k of Object.keys(value)) {
    if (!known.has(k)) throw new ConfigError(`${where(file, keyLine(text, `${key}.${k}`))}: unknown key "${key}.${k}"`);
  }
  return value;
}

function severities(value: unknown, text: string, file: string): Record<string, Severity> {
  if (value === undefined) return {};
  if (!isTable(value)) throw new ConfigError(`${where(file, keyLine(text, 'severity'))}: "severity" must be a table of rule id = "high" | "medium" | "low"`);
  const out: Record<string, Severity> = {};
  for (const [id, level] of Object.entries(value)) {
    if (typeof level !== 'string' || !SEVERITIES.includes(level as Severity)) {
      throw new ConfigError(`${where(file, keyLine(text, `severity.${id}`))}: "severity.${id}" must be one of ${SEVERITIES.join(', ')}`);
    }
    out[id] = level as Severity;
  }
  return out;
}

/** Custom rules; each is labelled with the line of its `[[rules]]` header so errors point at it. */
function rules(doc: Record<string, unknown>, text: string, file: string): RuleSpec[] {
  const raw = doc.rules;
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new ConfigError(`${where(file, keyLine(text, 'rules'))}: "rules" must be an array of tables ([[rules]])`);
  const lines = ruleHeaderLines(text);
  return raw.map((r, i) => validateRuleSpec(r, where(file, lines[i]), i));
}

/** A relative `/`-path that stays below its folder (no `..`, no absolute or drive paths). */
function isInsidePath(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !/^[A-Za-z]:/.test(path) && !path.includes('\\') && !path.split('/').includes('..');
}

export function parseConfig(text: string, file: string): Config {
  const doc = parseToml(text, file);
  for (const key of Object.keys(doc)) {
    if (!TOP_KEYS.has(key)) throw new ConfigError(`${where(file, keyLine(text, key))}: unknown key "${key}"`);
  }
  const extend = table(doc.extend, text, file, 'extend', EXTEND_KEYS);
  if (extend.useDefault !== undefined && typeof extend.useDefault !== 'boolean') {
    throw new ConfigError(`${where(file, keyLine(text, 'extend.useDefault'))}: "extend.useDefault" must be true or false`);
  }
  if (doc.baseline !== undefined && (typeof doc.baseline !== 'string' || !isInsidePath(doc.baseline))) {
    throw new ConfigError(`${where(file, keyLine(text, 'baseline'))}: "baseline" must be a '/'-separated path inside the repository`);
  }
  const allow = table(doc.allowlist, text, file, 'allowlist', ALLOW_KEYS);
  return {
    file,
    ...(typeof extend.useDefault === 'boolean' ? { useDefault: extend.useDefault } : {}),
    rules: rules(doc, text, file),
    disabledRules: strings(doc.disabledRules, text, file, 'disabledRules'),
    severity: severities(doc.severity, text, file),
    ...(typeof doc.baseline === 'string' ? { baseline: doc.baseline } : {}),
    allowlist: {
      paths: strings(allow.paths, text, file, 'allowlist.paths'),
      pathRegexes: strings(allow.pathRegexes, text, file, 'allowlist.pathRegexes'),
      regexes: strings(allow.regexes, text, file, 'allowlist.regexes'),
      stopwords: strings(allow.stopwords, text, file, 'allowlist.stopwords').map((s) => s.toLowerCase()),
    },
  };
}

/**
 * Config, ignore and baseline files are untrusted input: regular files only (a link to
 * /dev/zero must not hang us) and capped in size.
 */
const MAX_POLICY_BYTES = 1024 * 1024;

export function readPolicyFile(path: string, label: string): string {
  const read = readFileCapped(path, MAX_POLICY_BYTES, { noFollow: true });
  if (read.ok) return read.content.toString('utf8');
  if (read.failure === 'not-regular') throw new ConfigError(`${label}: not a regular file`);
  if (read.failure === 'too-large') throw new ConfigError(`${label}: larger than 1 MiB`);
  throw new ConfigError(`${label}: cannot read (${read.code ?? 'error'})`);
}

/** Policy text from another source (a git revision) gets the same size cap as a file. */
export function checkPolicySize(text: string, label: string): string {
  if (Buffer.byteLength(text) > MAX_POLICY_BYTES) throw new ConfigError(`${label}: larger than 1 MiB`);
  return text;
}

export function readConfigFile(path: string, label: string): Config {
  return parseConfig(readPolicyFile(path, label), label);
}
