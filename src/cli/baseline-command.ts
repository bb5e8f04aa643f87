/** `leakproof baseline create|update`: scan, then write the known findings as keyed fingerprints. */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { dotenvFindings, treeScope } from '../agents/dotenv-state.js';
import { EXIT, IncompleteScanError, UsageError } from '../errors.js';
import { type Baseline, newSalt, parseBaseline, serializeBaseline } from '../baseline/baseline-file.js';
import { buildEntries } from '../baseline/baseline-build.js';
import { defaultBaselinePath } from '../baseline/baseline-load.js';
import { readPolicyFile } from '../config/config.js';
import { DEFAULT_MAX_FILE_SIZE, scan } from '../scan.js';
import { loadSetup } from '../setup.js';
import { pathsSource, toPosix } from '../sources/fs-tree.js';
import type { CliIo, ExitState } from './io.js';
import { parseSize } from './options.js';

interface BaselineFlags {
  config?: string;
  output?: string;
  anyPath?: boolean;
  force?: boolean;
  maxFileSize?: string;
}

export function registerBaseline(program: Command, io: CliIo, exit: ExitState): void {
  const baseline = program.command('baseline').description('record the findings that exist today so scans report only new ones');
  for (const mode of ['create', 'update'] as const) {
    const cmd = baseline
      .command(mode)
      .description(
        mode === 'create'
          ? 'scan and write a new baseline with a new salt (refuses to replace one without --force)'
          : 'scan and rewrite the baseline: keep its salt, add new findings, drop entries that no longer match',
      )
      .argument('[paths...]', 'files or folders to scan', ['.'])
      .option('-c, --config <file>', 'config file (default: .leakproof.toml at the repository top)')
      .option('-o, --output <file>', 'baseline file (default: the config\'s "baseline", else .leakproof-baseline.json at the repository top)')
      .option('--any-path', 'entries match the secret in any file, not only where it was found')
      .option('--max-file-size <size>', 'files above this are not scanned (and nothing is written)', '100MB');
    if (mode === 'create') cmd.option('--force', 'replace an existing baseline (new salt: every entry is rewritten)');
    cmd.action(async (paths: string[], flags: BaselineFlags) => {
      await writeBaseline(mode, paths, flags, io);
      exit.code = EXIT.clean;
    });
  }
}

async function writeBaseline(mode: 'create' | 'update', paths: string[], flags: BaselineFlags, io: CliIo): Promise<void> {
  const absPaths = paths.map((p) => resolve(io.cwd, p));
  const single = absPaths.length === 1 ? absPaths[0] : undefined;
  const root = single !== undefined && statSync(single, { throwIfNoEntry: false })?.isDirectory() === true ? single : io.cwd;
  const setup = loadSetup({ root, cwd: io.cwd, ...(flags.config !== undefined ? { configPath: resolve(io.cwd, flags.config) } : {}) });
  const file = flags.output !== undefined ? resolve(io.cwd, flags.output) : join(setup.policyRoot, ...defaultBaselinePath(setup.policy).split('/'));
  const label = toPosix(relative(io.cwd, file)) || file;

  let previous: Baseline | undefined;
  if (existsSync(file)) {
    if (mode === 'create' && !flags.force) throw new UsageError(`${label} exists; use \`leakproof baseline update\` (or create --force for a new salt)`);
    if (mode === 'update') previous = parseBaseline(readPolicyFile(file, label), label);
  } else if (mode === 'update') {
    throw new UsageError(`${label} does not exist; use \`leakproof baseline create\``);
  }

  const maxFileSize = flags.maxFileSize === undefined ? DEFAULT_MAX_FILE_SIZE : parseSize(flags.maxFileSize);
  // The .env git-state findings too: a baseline records what a scan of these paths reports today.
  const pathFindings = dotenvFindings(treeScope(absPaths, root), io.env, setup.policy);
  const result = await scan({ source: pathsSource(absPaths, root), policy: setup.policy, maxFileSize, pathFindings });
  const first = result.stats.skipped[0];
  if (first !== undefined) {
    // A baseline from a partial scan would drop entries for what was not read: write nothing.
    throw new IncompleteScanError(`${result.stats.skipped.length} path(s) not scanned (${first.path}: ${first.reason}); ${label} not written`);
  }
  const salt = previous?.salt ?? newSalt();
  const built = buildEntries(result.findings, { salt, rootPath: (f) => setup.policy.rootPath(f), anyPath: flags.anyPath === true, ...(previous ? { previous } : {}) });
  const text = serializeBaseline(salt, built.entries);
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(`cannot write ${label} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const count = parseBaseline(text, label).entries.length;
  io.stdout(`wrote ${label}: ${count} entr${count === 1 ? 'y' : 'ies'} (${built.added} added, ${built.removed} removed)\n`);
}
