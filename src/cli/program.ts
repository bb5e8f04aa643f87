import { Command, CommanderError } from 'commander';
import { UsageError } from '../errors.js';
import { registerBaseline } from './baseline-command.js';
import { registerImport } from './import-command.js';
import { registerGuard } from './guard-command.js';
import type { CliIo, ExitState } from './io.js';
import { registerAgent } from './agent-command.js';
import { registerRedact } from './redact-command.js';
import { registerRules } from './rules-command.js';
import { registerScan } from './scan-command.js';
import { version } from './version.js';

/** A fresh commander tree per call, so tests run commands in-process with captured output. */
export function createProgram(io: CliIo, exit: ExitState): Command {
  const program = new Command('leakproof')
    .description('Find secrets before they reach git: scan trees, staged changes and history.')
    .version(version(), '-V, --version')
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: () => undefined,
    });
  registerScan(program, io, exit);
  registerRules(program, io, exit);
  registerGuard(program, io, exit);
  registerBaseline(program, io, exit);
  registerImport(program, io, exit);
  registerRedact(program, io, exit);
  registerAgent(program, io, exit);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Runs argv (without node and script) and returns the exit code; throws typed errors only. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const exit: ExitState = { code: 0 };
  const program = createProgram(io, exit);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0; // --help, --version
      throw new UsageError(error.message.replace(/^error: /, '').split('\n')[0] ?? 'invalid arguments');
    }
    throw error;
  }
  return exit.code;
}
