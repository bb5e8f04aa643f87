/**
 * gitleaks TOML config → the parts of a `.leakproof.toml`, plus a note for everything that
 * cannot be carried over exactly. Conversion never widens an allowlist: what cannot be
 * expressed is dropped and reported, so the imported policy reports at least as much.
 *
 * Custom rules keep their regex, keywords, entropy, secretGroup, path and tags; they get
 * severity "high" (gitleaks fails on every finding) and empty `examples` with a TODO, because
 * leakproof refuses to load a rule that has not shown it finds what it should. Until the
 * examples are written the config does not load: a migration must not silently lose a
 * custom detector.
 */
import { ConfigError } from '../errors.js';
import type { RuleSpec } from '../model.js';
import { compile } from '../engine/regex.js';
import { parseToml } from '../rules/load.js';
import { isTable } from '../rules/schema.js';

export type NoteLevel = 'todo' | 'dropped' | 'info';

export interface ImportNote {
  readonly level: NoteLevel;
  /** What the note is about, e.g. `rule "internal-token"` or `[[allowlists]] #2`. */
  readonly subject: string;
  readonly text: string;
}

/** A rule ready to be written; `todo` lines become comments above it. */
export interface ImportedRule {
  readonly id: string;
  readonly description: string;
  readonly severity: RuleSpec['severity'];
  readonly keywords: readonly string[];
  readonly regex: string;
  readonly secretGroup?: number;
  readonly entropy?: number;
  readonly paths?: readonly string[];
  readonly tags: readonly string[];
  readonly allowlist: { readonly regexes: string[]; readonly stopwords: string[] };
  readonly todo: readonly string[];
}

export interface ImportedConfig {
  readonly title?: string;
  readonly disabledRules: readonly string[];
  readonly allowlist: { readonly pathRegexes: readonly string[]; readonly regexes: readonly string[]; readonly stopwords: readonly string[] };
  readonly rules: readonly ImportedRule[];
  readonly notes: readonly ImportNote[];
}

type Table = Record<string, unknown>;

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function tables(value: unknown): Table[] {
  if (isTable(value)) return [value];
  return Array.isArray(value) ? value.filter(isTable) : [];
}

/** `null` when RE2 accepts the pattern, else its reason. */
function re2Rejects(pattern: string): string | null {
  try {
    compile(pattern, 'import');
    return null;
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).replace(/^import: (regex rejected by RE2: )?/, '');
  }
}

function kebab(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

interface AllowParts {
  readonly pathRegexes: string[];
  readonly regexes: string[];
  readonly stopwords: string[];
}

/**
 * One gitleaks allowlist → the criteria leakproof can express. `scope` says where it lands:
 * global allowlists can take paths; rule allowlists cannot.
 */
function convertAllowlist(a: Table, subject: string, scope: 'global' | 'rule', notes: ImportNote[]): AllowParts | undefined {
  const regexes = strings(a.regexes);
  const paths = strings(a.paths);
  const stopwords = strings(a.stopwords);
  const commits = strings(a.commits);
  const target = typeof a.regexTarget === 'string' ? a.regexTarget.toLowerCase() : 'secret';
  const kinds = [regexes.length > 0, paths.length > 0, stopwords.length > 0, commits.length > 0].filter(Boolean).length;
  const condition = typeof a.condition === 'string' ? a.condition.toUpperCase() : 'OR';
  if ((condition === 'AND' || condition === '&&') && kinds > 1) {
    // "allowed only when path AND regex match" cannot be split into independent entries without widening it.
    notes.push({ level: 'dropped', subject, text: 'condition = "AND" across several criteria has no leakproof equivalent; allowlist not converted (findings it hid will be reported)' });
    return undefined;
  }
  const out: AllowParts = { pathRegexes: [], regexes: [], stopwords: stopwords.map((s) => s.toLowerCase()) };
  if (commits.length > 0) {
    notes.push({ level: 'dropped', subject, text: `${commits.length} commit(s) not converted: leakproof has no commit allowlist; record accepted findings with \`leakproof baseline create\`` });
  }
  if (regexes.length > 0 && target !== 'secret') {
    notes.push({ level: 'dropped', subject, text: `${regexes.length} regex(es) with regexTarget = "${target}" not converted: leakproof allowlist regexes are tested against the secret only` });
  } else {
    for (const r of regexes) {
      const why = re2Rejects(r);
      if (why === null) out.regexes.push(r);
      else notes.push({ level: 'dropped', subject, text: `regex ${JSON.stringify(r)} rejected by RE2 (${why}); not converted` });
    }
  }
  if (paths.length > 0) {
    if (scope === 'rule') {
      notes.push({ level: 'dropped', subject, text: `${paths.length} path(s) not converted: leakproof rule allowlists have no paths (use a nested .leakproof.toml with disabledRules, or [allowlist] pathRegexes for all rules)` });
    } else {
      for (const p of paths) {
        const why = re2Rejects(p);
        if (why === null) out.pathRegexes.push(p);
        else notes.push({ level: 'dropped', subject, text: `path regex ${JSON.stringify(p)} rejected by RE2 (${why}); not converted` });
      }
    }
  }
  return out;
}

function convertRule(raw: Table, index: number, builtinIds: ReadonlySet<string>, useDefault: boolean, notes: ImportNote[]): ImportedRule | undefined {
  const originalId = typeof raw.id === 'string' ? raw.id : `rule-${index + 1}`;
  let subject = `rule "${originalId}"`;
  const regex = typeof raw.regex === 'string' ? raw.regex : undefined;
  if (regex === undefined || regex === '') {
    const what = typeof raw.path === 'string' ? 'a path-only rule (reports files by name)' : useDefault ? 'an override of a gitleaks default rule' : 'a rule without a regex';
    notes.push({ level: 'dropped', subject, text: `${what}: not converted; leakproof rules need a regex (see \`leakproof rules list\` for the built-in equivalents)` });
    return undefined;
  }
  const why = re2Rejects(regex);
  if (why !== null) {
    notes.push({ level: 'dropped', subject, text: `regex rejected by RE2 (${why}); rewrite it in RE2 syntax and add the rule by hand` });
    return undefined;
  }
  let id = kebab(originalId) || `imported-rule-${index + 1}`;
  if (builtinIds.has(id)) {
    // Same id as a leakproof built-in would replace it; gitleaks ids name different detectors.
    id = `gitleaks-${id}`;
  }
  if (id !== originalId) {
    notes.push({ level: 'info', subject, text: `renamed to "${id}" (${builtinIds.has(kebab(originalId)) ? 'a built-in rule has that id' : 'ids are lower-case kebab-case'})` });
    subject = `rule "${id}"`;
  }
  if (!ID.test(id)) throw new ConfigError(`internal: bad id ${id}`);
  const todo: string[] = [];
  const keywords = strings(raw.keywords).map((k) => k.toLowerCase());
  const shortKeywords = keywords.filter((k) => Buffer.byteLength(k) < 3);
  if (keywords.length === 0 || shortKeywords.length > 0) {
    todo.push(
      keywords.length === 0
        ? 'add `keywords`: at least one literal (≥ 3 bytes) that every match contains; leakproof only runs a rule on files holding one'
        : `keywords ${shortKeywords.map((k) => JSON.stringify(k)).join(', ')} are shorter than 3 bytes; lengthen or remove them`,
    );
  }
  todo.push('add ≥ 2 `examples` this rule must report and ≥ 2 `negativeExamples` it must not (fake values only); leakproof will not load the rule until `leakproof rules check -c .leakproof.toml` passes');
  const secretGroup = typeof raw.secretGroup === 'number' && raw.secretGroup > 0 ? raw.secretGroup : undefined;
  if (secretGroup === undefined && compile(regex, subject).groupCount > 1) {
    notes.push({ level: 'info', subject, text: 'no secretGroup and several capture groups: leakproof takes group 1 (gitleaks takes the first non-empty group); set secretGroup if that differs' });
  }
  for (const k of ['required', 'skipReport']) {
    if (raw[k] !== undefined) notes.push({ level: 'dropped', subject, text: `"${k}" has no leakproof equivalent; ignored` });
  }
  const allow = { regexes: [] as string[], stopwords: [] as string[] };
  const lists = [...tables(raw.allowlist), ...tables(raw.allowlists)];
  lists.forEach((a, i) => {
    const parts = convertAllowlist(a, `${subject} allowlist #${i + 1}`, 'rule', notes);
    if (parts) {
      allow.regexes.push(...parts.regexes);
      allow.stopwords.push(...parts.stopwords);
    }
  });
  const description = typeof raw.description === 'string' && raw.description.trim() !== '' ? raw.description : `Imported from gitleaks: ${originalId}`;
  const entropy = typeof raw.entropy === 'number' && raw.entropy > 0 ? Math.min(raw.entropy, 8) : undefined;
  const path = typeof raw.path === 'string' && raw.path !== '' ? raw.path : undefined;
  if (path !== undefined && re2Rejects(path) !== null) {
    todo.push(`its path regex ${JSON.stringify(path)} is rejected by RE2; the rule now applies to every file`);
  }
  return {
    id,
    description,
    severity: 'high',
    keywords,
    regex,
    ...(secretGroup !== undefined ? { secretGroup } : {}),
    ...(entropy !== undefined ? { entropy } : {}),
    ...(path !== undefined && re2Rejects(path) === null ? { paths: [path] } : {}),
    tags: [...strings(raw.tags), 'imported-from-gitleaks'],
    allowlist: allow,
    todo,
  };
}

const KNOWN_TOP = new Set(['title', 'description', 'extend', 'rules', 'allowlist', 'allowlists', 'disabledRules']);

export function convertGitleaksConfig(text: string, file: string, builtinIds: ReadonlySet<string>): ImportedConfig {
  const doc = parseToml(text, file);
  const notes: ImportNote[] = [];
  for (const key of Object.keys(doc)) {
    if (!KNOWN_TOP.has(key)) notes.push({ level: 'dropped', subject: `"${key}"`, text: 'unknown gitleaks key; ignored' });
  }
  const extend = isTable(doc.extend) ? doc.extend : {};
  // gitleaks without [extend] runs only the rules in the file.
  const useDefault = extend.useDefault === true;
  if (typeof extend.path === 'string' || typeof extend.url === 'string') {
    notes.push({ level: 'dropped', subject: '[extend]', text: `extending ${String(extend.path ?? extend.url)} is not converted; import that file too and merge its rules` });
  }
  const disabledRules: string[] = [];
  for (const id of [...strings(extend.disabledRules), ...strings(doc.disabledRules)]) {
    if (builtinIds.has(id)) disabledRules.push(id);
    else notes.push({ level: 'dropped', subject: `disabledRules "${id}"`, text: 'no leakproof rule has this id; find its equivalent with `leakproof rules list` and disable that' });
  }

  const rawRules = Array.isArray(doc.rules) ? doc.rules.filter(isTable) : [];
  const rules: ImportedRule[] = [];
  rawRules.forEach((r, i) => {
    const rule = convertRule(r, i, builtinIds, useDefault, notes);
    if (rule) rules.push(rule);
  });
  if (!useDefault) {
    // Fail closed: leakproof's catalogue replaces gitleaks' defaults rather than nothing running.
    notes.push({ level: 'info', subject: '[extend]', text: 'gitleaks ran only the rules in this file; leakproof keeps its built-in catalogue on top of the imported rules (set [extend] useDefault = false to run only those)' });
  }

  const global = { pathRegexes: [] as string[], regexes: [] as string[], stopwords: [] as string[] };
  const lists = [...tables(doc.allowlist), ...tables(doc.allowlists)];
  lists.forEach((a, i) => {
    const subject = isTable(doc.allowlist) && i === 0 ? '[allowlist]' : `[[allowlists]] #${i + 1 - (isTable(doc.allowlist) ? 1 : 0)}`;
    const targets = strings(a.targetRules);
    const parts = convertAllowlist(a, subject, targets.length > 0 ? 'rule' : 'global', notes);
    if (!parts) return;
    if (targets.length === 0) {
      global.pathRegexes.push(...parts.pathRegexes);
      global.regexes.push(...parts.regexes);
      global.stopwords.push(...parts.stopwords);
      return;
    }
    for (const t of targets) {
      const rule = rules.find((r) => r.id === kebab(t) || r.id === `gitleaks-${kebab(t)}`);
      if (rule) {
        rule.allowlist.regexes.push(...parts.regexes);
        rule.allowlist.stopwords.push(...parts.stopwords);
      } else {
        notes.push({ level: 'dropped', subject, text: `targetRules "${t}" is not an imported custom rule (gitleaks default rules have other ids here); not converted for it` });
      }
    }
  });

  return {
    ...(typeof doc.title === 'string' ? { title: doc.title } : {}),
    disabledRules,
    allowlist: global,
    rules,
    notes,
  };
}
