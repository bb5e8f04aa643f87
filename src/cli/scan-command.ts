/** `leakproof scan`: flags → scan options → report → exit code. No scanning logic here. */
import { statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../errors.js';
import type { ScanResult } from '../model.js';
import { DEFAULT_MAX_FILE_SIZE, scan } from '../scan.js';
import { loadSetup } from '../setup.js';
import { loadBaseline } from '../baseline/baseline-load.js';
import { pathsSource } from '../sources/fs-tree.js';
import type { Source } from '../sources/source.js';
import { FORMATTERS, SHOW_SECRETS_FORMATS } from '../report/formats/index.js';
import { sortFindings, toReported } from '../report/reported.js';
import { planGitScan } from '../sources/git-scope.js';
import { commitsLine, type GitFlags, gitScopeFromFlags, isGitScan } from './git-flags.js';
import type { CliIo, ExitState } from './io.js';
import { atOrAbove, parseFailOn, parseSize } from './options.js';
import { version } from './version.js';
import { createProgress } from './progress.js';
import { dotenvFindings, treeScope } from '../agents/dotenv-state.js';

export interface ScanFlags extends GitFlags {
  format: string;
  output?: string;
  failOn: string;
  color: boolean;
  quiet?: boolean;
  showSecrets?: boolean;
  stdinFilename?: string;
  config?: string;
  maxFileSize?: string;
  allowEmpty?: boolean;
  threads?: string;
  baseline?: string | boolean;
  reportUnused?: boolean;
  failOnUnused?: boolean;
  configFrom?: string;
  agentHistory?: boolean;
  verbose?: boolean;
}

/** The options that have a default, as the parser fills them in when they are not given. */
const SCAN_DEFAULTS = { format: 'text', failOn: 'low', color: true, maxFileSize: '100MB' } as const;

/** The flags of `scan --staged`, the pre-commit hook's command line (cli/main.ts runs it without the parser). */
export function stagedFlags(): ScanFlags {
  return { ...SCAN_DEFAULTS, staged: true };
}

export function registerScan(program: Command, io: CliIo, exit: ExitState): void {
  program
    .command('scan')
    .description('scan files, folders or stdin (-) for secrets')
    .argument('[paths...]', 'files or folders to scan; - reads stdin', ['.'])
    .option('-f, --format <format>', `output format: ${Object.keys(FORMATTERS).join(', ')}`, SCAN_DEFAULTS.format)
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above: high, medium, low, never', SCAN_DEFAULTS.failOn)
    .option('--no-color', 'disable colours')
    .option('-q, --quiet', 'print findings only: no summary, nothing when clean')
    .option('--show-secrets', 'print raw secrets (text and json only; never use in CI logs)')
    .option('--stdin-filename <name>', 'path to report (and match path rules against) for stdin')
    .option('-c, --config <file>', 'config file (default: .leakproof.toml found from the scan root)')
    .option('--max-file-size <size>', 'files above this are reported as not scanned', SCAN_DEFAULTS.maxFileSize)
    .option('--allow-empty', 'exit 0 when there is nothing to scan')
    .option('--threads <n>', 'worker threads for large scans (default: CPU count; 1 = none)')
    .option('--staged', 'scan what the next commit adds (the git index, added lines only)')
    .option('--git [range]', 'scan git history: every commit on all refs, or a range such as origin/main..HEAD')
    .option('--pre-push <remote>', 'scan the commits a push sends; reads the pre-push hook input on stdin')
    .option('--baseline [file]', 'report only findings not in the baseline (default file: .leakproof-baseline.json)')
    .option('--no-baseline', 'ignore the baseline named in the config')
    .option('--report-unused', 'list baseline entries that matched nothing')
    .option('--fail-on-unused', 'exit 1 when a baseline entry matched nothing (implies --report-unused)')
    .option('--config-from <rev>', 'CI gate: read configs and baseline from this revision (the base branch) so a change cannot allow its own secret')
    .option('--agent-history', 'scan the transcripts coding agents keep under your home folder (Claude Code, Codex CLI, Gemini CLI)')
    .option('-v, --verbose', 'also print notes on checks that did not apply (stderr)')
    .action(async (paths: string[], flags: ScanFlags) => {
      exit.code = await runScanCommand(paths, flags, io);
    });
}

/** `leakproof scan` once its arguments are parsed; returns the exit code. */
export async function runScanCommand(paths: string[], flags: ScanFlags, io: CliIo): Promise<number> {
  validateFlags(flags);
  // Loaded only when asked for: the pre-commit hook pays for every module it loads.
  const agents = flags.agentHistory ? await import('./agent-command.js') : undefined;
  const history = agents ? await agents.runAgentHistory(paths, flags, io) : undefined;
  const result = history ?? (await runScan(paths, flags, io));
  const code = report(result, flags, io);
  if (flags.verbose) for (const note of result.stats.notes ?? []) io.stderr(`leakproof: note: ${note}\n`);
  if (agents && history && !flags.quiet) io.stderr(agents.historyAdvice(history));
  return code;
}

/** Every flag is checked once, before either path (file/git scan or --agent-history) runs. */
function validateFlags(flags: ScanFlags): void {
  if (!(flags.format in FORMATTERS)) throw new UsageError(`unknown --format "${flags.format}" (expected ${Object.keys(FORMATTERS).join(', ')})`);
  if (flags.showSecrets && !SHOW_SECRETS_FORMATS.has(flags.format)) {
    throw new UsageError(`--show-secrets works with --format text or json only`);
  }
  parseFailOn(flags.failOn);
  if (flags.maxFileSize !== undefined) parseSize(flags.maxFileSize);
  if (flags.threads !== undefined) parseThreads(flags.threads);
  if (flags.agentHistory) {
    const unsupported = [
      typeof flags.baseline === 'string' || flags.baseline === true ? '--baseline' : '',
      flags.reportUnused || flags.failOnUnused ? '--report-unused/--fail-on-unused' : '',
      flags.threads !== undefined ? '--threads' : '',
    ].filter((f) => f !== '');
    if (unsupported.length > 0) throw new UsageError(`--agent-history does not support ${unsupported.join(', ')}`);
  }
}

async function runScan(paths: string[], flags: ScanFlags, io: CliIo): Promise<ScanResult> {
  const maxFileSize = flags.maxFileSize === undefined ? DEFAULT_MAX_FILE_SIZE : parseSize(flags.maxFileSize);
  const threads = flags.threads === undefined ? undefined : parseThreads(flags.threads);
  const usesStdin = paths.includes('-');
  if (usesStdin && paths.length > 1) throw new UsageError('- (stdin) cannot be combined with other paths');
  if (!usesStdin && flags.stdinFilename !== undefined) throw new UsageError('--stdin-filename only applies with - (stdin)');
  const gitScope = await gitScopeFromFlags(flags, paths, io);
  if (flags.configFrom !== undefined) {
    // A tree scan would still read .gitignore/.leakproofignore from the change itself.
    if (!gitScope) throw new UsageError('--config-from works with --git, --staged or --pre-push');
    if (flags.config !== undefined) throw new UsageError('--config-from and --config cannot be combined');
  }
  // Policy errors come before anything is printed or scanned.
  const gate = flags.configFrom === undefined ? undefined : (await import('../config/gate.js')).loadGate({ rev: flags.configFrom, cwd: io.cwd, env: io.env, baselineOption: flags.baseline });
  const plan = gitScope && planGitScan(gitScope, { cwd: io.cwd, env: io.env, maxFileSize });
  if (gitScope && plan?.commits !== undefined && !flags.quiet) io.stderr(commitsLine(gitScope, plan.commits));

  const absPaths = usesStdin ? [] : paths.map((p) => resolve(io.cwd, p));
  const single = absPaths.length === 1 ? absPaths[0] : undefined;
  const root = plan ? plan.root : single !== undefined && statSync(single, { throwIfNoEntry: false })?.isDirectory() === true ? single : io.cwd;
  // The git hooks' scans skip custom rules' examples (PolicyOptions.checkExamples).
  const hook = flags.staged === true || flags.prePush !== undefined;
  const setup = gate?.setup ?? loadSetup({ root, cwd: io.cwd, checkExamples: !hook, ...(flags.config !== undefined ? { configPath: resolve(io.cwd, flags.config) } : {}) });
  const baseline = gate ? gate.baseline : loadBaseline({ option: flags.baseline, policy: setup.policy, policyRoot: setup.policyRoot, cwd: io.cwd });
  if ((flags.reportUnused || flags.failOnUnused) && baseline === undefined) throw new UsageError('--report-unused and --fail-on-unused need a baseline (--baseline)');

  let source: Source;
  if (plan) {
    source = plan.source;
  } else if (usesStdin) {
    const content = await io.readStdin();
    const path = flags.stdinFilename ?? '<stdin>';
    source = [{ kind: 'content', target: { path, content }, provenance: { kind: 'stdin' } }];
  } else {
    source = pathsSource(absPaths, root);
  }
  const reportUnused = flags.reportUnused === true || flags.failOnUnused === true;
  // .env files are judged by git state too: tracked, staged or not ignored (tree and --staged scans).
  const dotenvScope = usesStdin || (plan && flags.staged !== true) ? undefined : plan ? { kind: 'staged' as const, root: plan.root, paths: plan.stagedPaths ?? [] } : treeScope(absPaths, root);
  const pathFindings = dotenvScope && dotenvFindings(dotenvScope, io.env, setup.policy);
  const progress = createProgress(io);
  const result = await scan({
    source,
    policy: setup.policy,
    maxFileSize,
    ...(threads !== undefined ? { threads } : {}),
    ...(progress ? { onProgress: progress.update } : {}),
    ...(baseline ? { baseline, reportUnused } : {}),
    ...(gate ? { proposed: gate.proposed } : {}),
    ...(pathFindings ? { pathFindings } : {}),
  });
  progress?.done();
  return result;
}

function report(result: ScanResult, flags: ScanFlags, io: CliIo): number {
  const failOn = parseFailOn(flags.failOn);
  const findings = sortFindings(toReported(result.findings, flags.showSecrets === true));
  const formatter = FORMATTERS[flags.format];
  if (formatter === undefined) throw new UsageError(`unknown --format "${flags.format}"`);
  const toFile = flags.output !== undefined;
  // The terminal is asked last: asking makes process.stdout (cli/main.ts).
  const color = flags.color && !toFile && io.env.NO_COLOR === undefined && flags.format === 'text' && io.stdoutIsTty;
  const ctx = { stats: result.stats, color, version: version(), startedAt: new Date(Date.now() - result.stats.durationMs) };
  const text = formatter(findings, ctx);
  const clean = findings.length === 0 && result.stats.skipped.length === 0;

  if (toFile) {
    try {
      writeFileSync(resolve(io.cwd, flags.output ?? ''), text);
    } catch (error) {
      throw new UsageError(`cannot write ${flags.output ?? ''} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (!flags.quiet) io.stderr(summaryLine(text, flags.format, findings.length));
  } else if (!(flags.quiet && clean)) {
    io.stdout(flags.quiet && flags.format === 'text' ? withoutSummary(text) : text);
  }

  const empty = result.stats.files === 0 && result.stats.skipped.length === 0;
  if (findings.some((f) => atOrAbove(f.severity, failOn))) return EXIT.findings;
  if (flags.failOnUnused && (result.stats.baseline?.unused?.length ?? 0) > 0) return EXIT.findings;
  if (result.stats.skipped.length > 0) return EXIT.incomplete;
  // An empty staged set or commit range is a clean no-op, not a scan that missed its scope.
  if (empty && !flags.allowEmpty && !isGitScan(flags)) {
    io.stderr('leakproof: nothing was scanned (no files in scope); pass --allow-empty if that is expected\n');
    return EXIT.incomplete;
  }
  return EXIT.clean;
}

function summaryLine(text: string, format: string, count: number): string {
  if (format !== 'text') return `leakproof: ${count} finding(s) written\n`;
  const lines = text.trimEnd().split('\n');
  return `${lines[lines.length - 1] ?? ''}\n`;
}

function withoutSummary(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines.length <= 1 ? '' : `${lines.slice(0, -1).join('\n').trimEnd()}\n`;
}

export function parseThreads(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--threads takes a whole number from 1 to 256 (got "${value}")`);
  return n;
}
