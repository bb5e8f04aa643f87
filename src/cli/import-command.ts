/** `leakproof import gitleaks [file] [--ignore .gitleaksignore]`: migrate a gitleaks setup. */
import { existsSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, EXIT, UsageError } from '../errors.js';
import type { BaselineEntry, RuleSpec } from '../model.js';
import { type Baseline, BASELINE_FILE, newSalt, parseBaseline, serializeBaseline } from '../baseline/baseline-file.js';
import { baselineFingerprint } from '../baseline/baseline-match.js';
import { readPolicyFile } from '../config/config.js';
import { readAtCommit } from '../config/policy-git.js';
import { openRepo, type Repo } from '../git/repo.js';
import { convertGitleaksConfig, type ImportedConfig, type ImportedRule, type ImportNote } from '../import/gitleaks-config.js';
import { parseGitleaksIgnore, type ReadAt, resolveIgnoreEntries } from '../import/gitleaks-ignore.js';
import { writeLeakproofToml } from '../import/leakproof-toml.js';
import { builtinRules } from '../rules/catalog.js';
import { buildRuleset, validateRules } from '../rules/compile.js';
import { parseToml } from '../rules/load.js';
import { DEFAULT_MAX_FILE_SIZE } from '../scan.js';
import { readFileCapped } from '../sources/read-file.js';
import { toPosix } from '../sources/fs-tree.js';
import type { CliIo, ExitState } from './io.js';

interface ImportFlags {
  ignore?: string;
  output: string;
  baselineOutput: string;
  force?: boolean;
  dryRun?: boolean;
}

export function registerImport(program: Command, io: CliIo, exit: ExitState): void {
  const imp = program.command('import').description('convert another scanner\'s configuration');
  imp
    .command('gitleaks')
    .description('convert a gitleaks config (and .gitleaksignore) into .leakproof.toml (and a baseline); prints what could not be converted')
    .argument('[file]', 'gitleaks config', '.gitleaks.toml')
    .option('--ignore <file>', '.gitleaksignore whose entries become baseline entries')
    .option('-o, --output <file>', 'config to write', '.leakproof.toml')
    .option('--baseline-output <file>', 'baseline to write or extend (with --ignore)', BASELINE_FILE)
    .option('--force', 'replace an existing output config')
    .option('--dry-run', 'print the config and the report; write nothing')
    .action((file: string, flags: ImportFlags) => {
      exit.code = runImport(file, flags, io);
    });
}

function asSpec(r: ImportedRule): RuleSpec {
  return {
    id: r.id,
    description: r.description,
    severity: r.severity,
    keywords: r.keywords,
    regex: r.regex,
    secretGroup: r.secretGroup ?? -1,
    ...(r.entropy !== undefined ? { entropy: r.entropy } : {}),
    ...(r.paths !== undefined ? { paths: r.paths } : {}),
    tags: r.tags,
    references: [],
    examples: [],
    negativeExamples: [],
    allowlist: r.allowlist,
    source: 'import',
  };
}

/** Rules leakproof's compiler rejects (empty match, bad group) get a TODO instead of failing the import. */
function checkCompiles(config: ImportedConfig): ImportedConfig {
  const rules = config.rules.map((r) => {
    try {
      validateRules(buildRuleset([asSpec(r)]));
      return r;
    } catch (error) {
      const why = error instanceof ConfigError ? error.message.replace(/^import: rule "[^"]+"( [a-z]+)?: /, '') : String(error);
      return { ...r, todo: [...r.todo, `fix: ${why}`] };
    }
  });
  return { ...config, rules };
}

function gitReader(io: CliIo): ReadAt {
  let repo: Repo | undefined;
  return (file, commit) => {
    if (commit === undefined) {
      const read = readFileCapped(join(io.cwd, ...file.split('/')), DEFAULT_MAX_FILE_SIZE);
      return read.ok ? read.content : { error: read.reason === 'unreadable (ENOENT)' ? 'file no longer exists' : read.reason };
    }
    repo ??= openRepo(io.cwd, io.env);
    return readAtCommit(repo, commit, file, DEFAULT_MAX_FILE_SIZE);
  };
}

function label(io: CliIo, abs: string): string {
  return toPosix(relative(io.cwd, abs)) || abs;
}

function runImport(file: string, flags: ImportFlags, io: CliIo): number {
  const source = resolve(io.cwd, file);
  const output = resolve(io.cwd, flags.output);
  const builtin = builtinRules();
  const config = checkCompiles(convertGitleaksConfig(readPolicyFile(source, file), file, new Set(builtin.map((r) => r.id))));
  const notes: ImportNote[] = [...config.notes];

  let baselineText: string | undefined;
  let converted = 0;
  let ignoreEntries = 0;
  const baselinePath = resolve(io.cwd, flags.baselineOutput);
  if (flags.ignore !== undefined) {
    const parsed = parseGitleaksIgnore(readPolicyFile(resolve(io.cwd, flags.ignore), flags.ignore), flags.ignore);
    notes.push(...parsed.notes);
    ignoreEntries = parsed.entries.length + parsed.notes.length;
    const ruleset = buildRuleset([...builtin.filter((b) => !config.rules.some((r) => r.id === b.id)), ...config.rules.map(asSpec)]);
    const resolved = resolveIgnoreEntries(parsed.entries, gitReader(io), ruleset, flags.ignore);
    notes.push(...resolved.notes);
    converted = parsed.entries.length - new Set(resolved.notes.map((n) => n.subject)).size;
    const previous: Baseline | undefined = existsSync(baselinePath) ? parseBaseline(readPolicyFile(baselinePath, label(io, baselinePath)), label(io, baselinePath)) : undefined;
    const salt = previous?.salt ?? newSalt();
    const entries: BaselineEntry[] = [
      ...(previous?.entries ?? []),
      ...resolved.secrets.map((s) => ({ fingerprint: baselineFingerprint(salt, s.finding.ruleId, s.finding.secret), rule: s.finding.ruleId, path: s.path })),
    ];
    if (entries.length > 0) baselineText = serializeBaseline(salt, entries);
  }

  const baselineRel = toPosix(relative(resolve(output, '..'), baselinePath));
  const toml = writeLeakproofToml(config, { source: file, ...(baselineText !== undefined ? { baseline: baselineRel } : {}) });
  parseToml(toml, label(io, output)); // the writer's own output must be valid TOML

  if (flags.dryRun) {
    io.stdout(toml);
  } else {
    if (existsSync(output) && !flags.force) throw new UsageError(`${label(io, output)} exists; pass --force to replace it (or --dry-run to see the result)`);
    write(output, toml, io);
    if (baselineText !== undefined) write(baselinePath, baselineText, io);
  }
  io.stdout(report(config, notes, { file, output: label(io, output), ...(baselineText !== undefined ? { baseline: label(io, baselinePath) } : {}), converted, ignoreEntries, dryRun: flags.dryRun === true }));
  return config.rules.length > 0 ? EXIT.findings : EXIT.clean;
}

function write(path: string, text: string, io: CliIo): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`cannot write ${label(io, path)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

interface ReportInfo {
  readonly file: string;
  readonly output: string;
  readonly baseline?: string;
  readonly converted: number;
  readonly ignoreEntries: number;
  readonly dryRun: boolean;
}

function report(config: ImportedConfig, notes: readonly ImportNote[], info: ReportInfo): string {
  const { allowlist } = config;
  const lines = [
    `leakproof import gitleaks: ${info.file} → ${info.output}${info.dryRun ? ' (dry run, nothing written)' : ''}`,
    `  rules: ${config.rules.length} custom rule(s) converted; disabledRules: ${config.disabledRules.length}; allowlist: ${allowlist.pathRegexes.length} path regex(es), ${allowlist.regexes.length} regex(es), ${allowlist.stopwords.length} stopword(s)`,
  ];
  if (info.ignoreEntries > 0) {
    lines.push(`  .gitleaksignore: ${info.converted} of ${info.ignoreEntries} entries converted to content fingerprints${info.baseline ? ` in ${info.baseline}` : ''}`);
  }
  const todo = config.rules.filter((r) => r.todo.length > 0);
  if (todo.length > 0) {
    lines.push('', `To do — ${info.output} will not load until these are done (\`leakproof rules check -c ${info.output}\`):`);
    for (const r of todo) for (const t of r.todo) lines.push(`  rule "${r.id}": ${t}`);
  }
  const section = (title: string, level: ImportNote['level']): void => {
    const of = notes.filter((n) => n.level === level);
    if (of.length === 0) return;
    lines.push('', title);
    for (const n of of) lines.push(`  ${n.subject}: ${n.text}`);
  };
  section('Not converted (leakproof will report what these hid):', 'dropped');
  section('To check:', 'todo');
  section('Notes:', 'info');
  return `${lines.join('\n')}\n`;
}
