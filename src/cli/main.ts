/** The process edge: the only module that reads argv, writes to the real streams or exits. */
import { readFileSync } from 'node:fs';
import { EXIT, exitCodeFor, isKnownError } from '../errors.js';
import type { CliIo } from './io.js';

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readStdinSync(): Promise<Buffer> {
  return readFileSync(0);
}

function writeStdout(bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(bytes, (error) => (error ? reject(error) : resolve()));
  });
}

// A reader that stops early (`leakproof redact < log | head`) is not an error of ours.
// Any other write error is one line and exit 3 (the report did not get out), never a stack trace.
function stdoutFailed(error: NodeJS.ErrnoException): never {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.clean);
  process.stderr.write(`leakproof: cannot write to stdout (${error.code ?? 'error'})\n`);
  process.exit(EXIT.incomplete);
}
process.stdout.on('error', stdoutFailed);
const isStdoutError = (error: unknown): error is NodeJS.ErrnoException =>
  error instanceof Error && (error as NodeJS.ErrnoException).syscall === 'write' && typeof (error as NodeJS.ErrnoException).code === 'string';

const io: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readStdin,
  stdinStream: () => process.stdin as AsyncIterable<Buffer>,
  writeStdout,
  stdoutIsTty: process.stdout.isTTY === true,
  stderrIsTty: process.stderr.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
};

const argv = process.argv.slice(2);
try {
  if (argv[0] === 'agent' && argv[1] === 'hook') {
    // Runs on every prompt and tool call of a coding agent: skip commander and the reporters.
    const { runHook } = await import('../agents/hook/run.js');
    // Hosts pipe one JSON document: a synchronous read skips the stream machinery (~3 ms).
    const reply = await runHook(argv.slice(2), { ...io, readStdin: () => readStdinSync().catch(readStdin) });
    process.stdout.write(reply.stdout);
    process.stderr.write(reply.stderr);
    process.exitCode = reply.code;
  } else {
    const { run } = await import('./program.js');
    process.exitCode = await run(argv, io);
  }
} catch (error) {
  if (isStdoutError(error)) stdoutFailed(error);
  const message = error instanceof Error ? error.message : String(error);
  if (isKnownError(error)) {
    process.stderr.write(`leakproof: ${message}\n`);
  } else {
    process.stderr.write(`leakproof: internal error: ${message.split('\n')[0] ?? ''} (scan incomplete; set LEAKPROOF_DEBUG=1 for a stack trace)\n`);
    if (process.env.LEAKPROOF_DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  }
  process.exitCode = exitCodeFor(error);
}
