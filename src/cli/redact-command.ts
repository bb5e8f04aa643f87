/** `leakproof redact`: flags → redact filter or in-place rewrite. No detection logic here. */
import { createReadStream } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../errors.js';
import { redactFileInPlace } from '../redact/in-place.js';
import { type RedactStats, redactStream } from '../redact/filter.js';
import type { LocateContext } from '../redact/locate.js';
import { loadSetup } from '../setup.js';
import { toPosix } from '../sources/fs-tree.js';
import type { CliIo, ExitState } from './io.js';
import { parseThreads } from './scan-command.js';

interface RedactFlags {
  inPlace?: boolean;
  config?: string;
  stdinFilename?: string;
  threads?: string;
}

export function registerRedact(program: Command, io: CliIo, exit: ExitState): void {
  program
    .command('redact')
    .description('replace every detected secret with [REDACTED:<rule>:<hash>] (stdin → stdout, or files)')
    .argument('[files...]', 'files to redact (default: stdin); printed to stdout unless --in-place')
    .option('-i, --in-place', 'rewrite the files atomically (no backup copy is kept)')
    .option('-c, --config <file>', 'config file (default: .leakproof.toml found from the current folder)')
    .option('--stdin-filename <name>', 'path to match path-scoped rules against for stdin')
    .option('--threads <n>', 'threads for large inputs (default: CPU count; 1 = none)')
    .action(async (files: string[], flags: RedactFlags) => {
      exit.code = await runRedact(files, flags, io);
    });
}

function describe(stats: RedactStats): string {
  const rules = [...stats.byRule].map(([id, n]) => (n > 1 ? `${id} ×${n}` : id)).join(', ');
  return `${stats.redactions} secret(s) redacted${rules ? ` (${rules})` : ''}`;
}

/** Why binary or UTF-16 content that was passed through is not clean (no content, just counts). */
function unredactedNote(stats: RedactStats): string {
  return stats.unredacted === undefined
    ? `${stats.mode} content too large to check for secrets`
    : `${stats.mode} content holds ${stats.unredacted} secret(s) that cannot be rewritten byte-safely`;
}

async function runRedact(files: string[], flags: RedactFlags, io: CliIo): Promise<number> {
  if (flags.inPlace && files.length === 0) throw new UsageError('--in-place needs at least one file');
  if (files.length > 0 && flags.stdinFilename !== undefined) throw new UsageError('--stdin-filename only applies to stdin');
  const threads = flags.threads === undefined ? {} : { threads: parseThreads(flags.threads) };
  const setup = loadSetup({ root: io.cwd, ...(flags.config !== undefined ? { configPath: resolve(io.cwd, flags.config) } : {}) });
  const rulePath = (file: string): string => toPosix(relative(io.cwd, resolve(io.cwd, file)));
  // Naming a file is an explicit request: config path allowlists do not exempt it from redaction.
  const context = (path: string): LocateContext => {
    const { ruleset, allowlist } = setup.policy.forPath(path);
    return { ruleset, path, options: { allowlist } };
  };

  if (flags.inPlace) {
    let code: number = EXIT.clean;
    for (const file of files) {
      const result = await redactFileInPlace(resolve(io.cwd, file), context(rulePath(file)), threads);
      const { stats } = result;
      if (stats.mode === 'text') io.stderr(`${file}: ${result.changed ? describe(stats) : 'no secrets found'}\n`);
      else if (stats.unredacted === 0) io.stderr(`${file}: ${stats.mode} content, no secrets found\n`);
      else {
        io.stderr(`leakproof: ${file}: ${unredactedNote(stats)}; NOT redacted\n`);
        code = EXIT.incomplete;
      }
    }
    return code;
  }

  const sink = io.writeStdout ?? ((bytes: Buffer) => io.stdout(bytes.toString('utf8')));
  const sources = files.length > 0
    ? files.map((f) => ({ path: rulePath(f), input: createReadStream(resolve(io.cwd, f)) as AsyncIterable<Buffer> }))
    : [{ path: flags.stdinFilename ?? '<stdin>', input: io.stdinStream?.() ?? [await io.readStdin()] }];
  let code: number = EXIT.clean;
  for (const { path, input } of sources) {
    let stats: RedactStats;
    try {
      stats = await redactStream(input, sink, context(path), threads);
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code;
      if (why === 'ENOENT' || why === 'EACCES' || why === 'EISDIR') throw new UsageError(`cannot read ${path} (${why})`);
      throw error;
    }
    if (stats.mode === 'utf-16') {
      // Transcoding would change bytes outside the secrets; refuse to pretend the output is clean.
      io.stderr(`leakproof: ${path}: UTF-16 input is passed through unredacted${stats.unredacted ? ` (${unredactedNote(stats)})` : ''}\n`);
      code = EXIT.incomplete;
    } else if (stats.mode === 'binary' && stats.unredacted === 0) {
      io.stderr(`leakproof: ${path}: binary input passed through unchanged (no secrets found)\n`);
    } else if (stats.mode === 'binary') {
      io.stderr(`leakproof: ${path}: binary input passed through unchanged: ${unredactedNote(stats)}\n`);
      code = EXIT.incomplete;
    }
  }
  return code;
}
