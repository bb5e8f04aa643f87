/**
 * cli/main.ts runs `scan --staged` (the pre-commit hook's command line) without commander; the
 * flags it passes must be exactly what the parser would have produced.
 */
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { createProgram } from '../../../src/cli/program.js';
import { stagedFlags } from '../../../src/cli/scan-command.js';

const io: CliIo = {
  stdout: () => undefined,
  stderr: () => undefined,
  readStdin: () => Promise.resolve(Buffer.alloc(0)),
  stdoutIsTty: false,
  stderrIsTty: false,
  env: {},
  cwd: process.cwd(),
};

describe('scan --staged without the parser', () => {
  it('gets the paths and flags commander gives the same command line', async () => {
    const program = createProgram(io, { code: 0 });
    const scan = program.commands.find((c) => c.name() === 'scan');
    let parsed: { paths: unknown; flags: unknown } | undefined;
    scan?.action((paths: unknown, flags: unknown) => {
      parsed = { paths, flags };
    });
    await program.parseAsync(['scan', '--staged'], { from: 'user' });
    expect(parsed).toEqual({ paths: ['.'], flags: stagedFlags() });
  });
});
