/** Validation of one `[[rules]]` table into a RuleSpec, with messages that name file and rule. */
import type { RuleAllowlist, RuleSpec, Severity } from '../model.js';
import { SEVERITIES } from '../model.js';
import { ConfigError } from '../errors.js';

const RULE_FIELDS = new Set([
  'id', 'description', 'severity', 'keywords', 'regex', 'secretGroup', 'entropy', 'paths',
  'checksum', 'tags', 'references', 'examples', 'negativeExamples', 'allowlist',
]);
const ALLOWLIST_FIELDS = new Set(['stopwords', 'regexes']);
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

type Table = Record<string, unknown>;

export function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, where: string, field: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new ConfigError(`${where}: "${field}" must be an array of strings`);
  }
  return value;
}

/**
 * Shape checks only; regex compilation and example checks happen in compile/check so that
 * the same messages come from the same place for built-in and user rules.
 */
export function validateRuleSpec(raw: unknown, file: string, index: number): RuleSpec {
  if (!isTable(raw)) throw new ConfigError(`${file}: rules[${index}] is not a table`);
  const id = raw.id;
  if (typeof id !== 'string' || !ID.test(id)) {
    throw new ConfigError(`${file}: rules[${index}]: "id" must be lower-case kebab-case`);
  }
  const where = `${file}: rule "${id}"`;
  for (const key of Object.keys(raw)) {
    if (!RULE_FIELDS.has(key)) throw new ConfigError(`${where}: unknown field "${key}"`);
  }
  const { description, severity, regex } = raw;
  if (typeof description !== 'string' || description.trim() === '') {
    throw new ConfigError(`${where}: "description" is required`);
  }
  if (typeof severity !== 'string' || !SEVERITIES.includes(severity as Severity)) {
    throw new ConfigError(`${where}: "severity" must be one of ${SEVERITIES.join(', ')}`);
  }
  if (typeof regex !== 'string' || regex === '') throw new ConfigError(`${where}: "regex" is required`);
  const keywords = stringList(raw.keywords ?? [], where, 'keywords');
  if (keywords.length === 0) throw new ConfigError(`${where}: "keywords" needs at least one literal`);
  for (const k of keywords) {
    if (Buffer.byteLength(k) < 3) throw new ConfigError(`${where}: keyword "${k}" is shorter than 3 bytes`);
  }
  const examples = stringList(raw.examples ?? [], where, 'examples');
  const negativeExamples = stringList(raw.negativeExamples ?? [], where, 'negativeExamples');
  if (examples.length < 2) throw new ConfigError(`${where}: needs at least 2 "examples"`);
  if (negativeExamples.length < 2) throw new ConfigError(`${where}: needs at least 2 "negativeExamples"`);
  const secretGroup = raw.secretGroup;
  if (secretGroup !== undefined && (!Number.isInteger(secretGroup) || (secretGroup as number) < 0)) {
    throw new ConfigError(`${where}: "secretGroup" must be a non-negative integer`);
  }
  const entropy = raw.entropy;
  if (entropy !== undefined && (typeof entropy !== 'number' || entropy < 0 || entropy > 8)) {
    throw new ConfigError(`${where}: "entropy" must be a number between 0 and 8`);
  }
  const checksum = raw.checksum;
  if (checksum !== undefined && typeof checksum !== 'string') {
    throw new ConfigError(`${where}: "checksum" must be a string`);
  }
  return {
    id,
    description,
    severity: severity as Severity,
    keywords: keywords.map((k) => k.toLowerCase()),
    regex,
    // -1 means "default": resolved against the compiled group count.
    secretGroup: typeof secretGroup === 'number' ? secretGroup : -1,
    ...(typeof entropy === 'number' ? { entropy } : {}),
    ...(raw.paths !== undefined ? { paths: stringList(raw.paths, where, 'paths') } : {}),
    ...(typeof checksum === 'string' ? { checksum } : {}),
    tags: stringList(raw.tags ?? [], where, 'tags'),
    references: stringList(raw.references ?? [], where, 'references'),
    examples,
    negativeExamples,
    ...(raw.allowlist !== undefined ? { allowlist: validateAllowlist(raw.allowlist, where) } : {}),
    source: file,
  };
}

function validateAllowlist(raw: unknown, where: string): RuleAllowlist {
  if (!isTable(raw)) throw new ConfigError(`${where}: "allowlist" must be a table`);
  for (const key of Object.keys(raw)) {
    if (!ALLOWLIST_FIELDS.has(key)) throw new ConfigError(`${where}: unknown field "allowlist.${key}"`);
  }
  return {
    ...(raw.stopwords !== undefined ? { stopwords: stringList(raw.stopwords, where, 'allowlist.stopwords').map((s) => s.toLowerCase()) } : {}),
    ...(raw.regexes !== undefined ? { regexes: stringList(raw.regexes, where, 'allowlist.regexes') } : {}),
  };
}
