/** Writes an imported config as `.leakproof.toml`, with TODO comments where work is left. */
import type { ImportedConfig, ImportedRule } from './gitleaks-config.js';

/** Literal strings keep regexes readable; anything a literal cannot hold is a basic string. */
export function tomlString(s: string): string {
  // TOML literal strings cannot hold control characters other than tab.
  const control = [...s].some((ch) => {
    const c = ch.charCodeAt(0);
    return (c < 0x20 && c !== 0x09) || c === 0x7f;
  });
  if (!control && !s.includes("'")) return `'${s}'`;
  if (!control && !s.includes("'''") && !s.endsWith("'")) return `'''${s}'''`;
  return JSON.stringify(s);
}

function list(values: readonly string[]): string {
  return `[${values.map(tomlString).join(', ')}]`;
}

function comment(text: string): string {
  return text
    .split('\n')
    .map((l) => `# ${l}`)
    .join('\n');
}

function rule(r: ImportedRule): string {
  const lines = [
    ...r.todo.map((t) => comment(`TODO(import): ${t}`)),
    '[[rules]]',
    `id = ${tomlString(r.id)}`,
    `description = ${tomlString(r.description)}`,
    `severity = ${tomlString(r.severity)}`,
    `keywords = ${list(r.keywords)}`,
    `regex = ${tomlString(r.regex)}`,
    ...(r.secretGroup !== undefined ? [`secretGroup = ${r.secretGroup}`] : []),
    ...(r.entropy !== undefined ? [`entropy = ${r.entropy}`] : []),
    ...(r.paths !== undefined ? [`paths = ${list(r.paths)}`] : []),
    `tags = ${list(r.tags)}`,
    'examples = []',
    'negativeExamples = []',
  ];
  if (r.allowlist.regexes.length > 0 || r.allowlist.stopwords.length > 0) {
    lines.push('', '[rules.allowlist]');
    if (r.allowlist.regexes.length > 0) lines.push(`regexes = ${list(r.allowlist.regexes)}`);
    if (r.allowlist.stopwords.length > 0) lines.push(`stopwords = ${list(r.allowlist.stopwords)}`);
  }
  return lines.join('\n');
}

export interface WriteOptions {
  /** The gitleaks file it came from (named in the header). */
  readonly source: string;
  /** Baseline written next to it (from `.gitleaksignore`). */
  readonly baseline?: string;
}

export function writeLeakproofToml(config: ImportedConfig, options: WriteOptions): string {
  const out: string[] = [
    comment(`Imported from ${options.source} by \`leakproof import gitleaks\`${config.title ? ` (${config.title})` : ''}.\nReview the TODO(import) comments; the import report lists what was not converted.`),
    '',
  ];
  // Top-level keys must precede every table in TOML.
  if (options.baseline !== undefined) out.push(`baseline = ${tomlString(options.baseline)}`);
  if (config.disabledRules.length > 0) out.push(`disabledRules = ${list(config.disabledRules)}`);
  const { pathRegexes, regexes, stopwords } = config.allowlist;
  if (pathRegexes.length + regexes.length + stopwords.length > 0) {
    out.push('', '[allowlist]');
    if (pathRegexes.length > 0) out.push(`pathRegexes = ${list(pathRegexes)}`);
    if (regexes.length > 0) out.push(`regexes = ${list(regexes)}`);
    if (stopwords.length > 0) out.push(`stopwords = ${list(stopwords)}`);
  }
  for (const r of config.rules) out.push('', rule(r));
  return `${out.join('\n').replace(/^\n+/, '')}\n`;
}
