/** The process edge: the only module that reads argv, writes to the real streams or exits. */
import { fstatSync, readFileSync, writeSync } from 'node:fs';
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

// A reader that stops early (`leakproof redact < log | head`) is not an error of ours.
// Any other write error is one line and exit 3 (the report did not get out), never a stack trace.
function stdoutFailed(error: NodeJS.ErrnoException): never {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.clean);
  writeText(2, `leakproof: cannot write to stdout (${error.code ?? 'error'})\n`);
  process.exit(EXIT.incomplete);
}
const isStdoutError = (error: unknown): error is NodeJS.ErrnoException =>
  error instanceof Error && (error as NodeJS.ErrnoException).syscall === 'write' && typeof (error as NodeJS.ErrnoException).code === 'string';

/**
 * process.stdout and process.stderr are made on first use, and making one loads node:stream and
 * node:net (~5 ms, a sixth of Node's own start): the hooks, which print a line or nothing, write
 * to the descriptors directly and never make them. Once a stream has written, everything for
 * that descriptor goes through it, so output stays in order.
 */
const streamed = { 1: false, 2: false };
let stdoutWatched = false;

function stream(fd: 1 | 2): NodeJS.WriteStream {
  streamed[fd] = true;
  if (fd === 2) return process.stderr;
  if (!stdoutWatched) process.stdout.on('error', stdoutFailed);
  stdoutWatched = true;
  return process.stdout;
}

function writeText(fd: 1 | 2, text: string): void {
  if (text === '') return;
  if (streamed[fd]) {
    stream(fd).write(text);
    return;
  }
  let bytes = Buffer.from(text, 'utf8');
  try {
    while (bytes.length > 0) bytes = bytes.subarray(writeSync(fd, bytes));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A non-blocking descriptor that is full: the stream waits for it.
    if (code === 'EAGAIN') stream(fd).write(bytes);
    else if (fd === 1) stdoutFailed(error as NodeJS.ErrnoException);
    // stderr gone: there is nowhere left to say anything.
  }
}

/**
 * Whether a descriptor is a terminal, without making its stream (see `stream`): a pipe or a file
 * (what hooks run by editors, agents and CI get) is not a character device, which fstat says for
 * 0.2 ms; only a character device (a terminal, or /dev/null) is asked of node:tty.
 */
function isTerminal(fd: 1 | 2): boolean {
  if (streamed[fd]) return stream(fd).isTTY === true;
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return process.getBuiltinModule('node:tty').isatty(fd);
}

function writeStdout(bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    stream(1).write(bytes, (error) => (error ? reject(error) : resolve()));
  });
}

const io: CliIo = {
  stdout: (s) => writeText(1, s),
  stderr: (s) => writeText(2, s),
  readStdin,
  stdinStream: () => process.stdin as AsyncIterable<Buffer>,
  writeStdout,
  get stdoutIsTty() {
    return isTerminal(1);
  },
  get stderrIsTty() {
    return isTerminal(2);
  },
  env: process.env,
  cwd: process.cwd(),
};

/**
 * The hooks' paths end here once their output is written synchronously: an orderly teardown of a
 * heap with rules and re2 loaded costs ~1 ms more than exiting, on every prompt, tool call and commit.
 */
function exitWhenWritten(): void {
  if (!streamed[1] && !streamed[2]) process.exit();
}

async function main(argv: readonly string[]): Promise<void> {
  try {
    if (argv[0] === 'agent' && argv[1] === 'hook') {
      // Runs on every prompt and tool call of a coding agent: skip commander and the reporters.
      const { runHook } = await import('../agents/hook/run.js');
      // Hosts pipe one JSON document: a synchronous read skips the stream machinery (~3 ms).
      const reply = await runHook(argv.slice(2), { env: io.env, cwd: io.cwd, readStdin: () => readStdinSync().catch(readStdin) });
      process.exitCode = reply.code;
      writeText(1, reply.stdout);
      writeText(2, reply.stderr);
      exitWhenWritten();
    } else if (argv.length === 2 && argv[0] === 'scan' && argv[1] === '--staged') {
      // The pre-commit hook's command line, as `leakproof guard install` writes it: the same
      // command without commander and the other commands (checked against the parser in tests).
      const { runScanCommand, stagedFlags } = await import('./scan-command.js');
      process.exitCode = await runScanCommand(['.'], stagedFlags(), io);
      exitWhenWritten();
    } else {
      const { run } = await import('./program.js');
      process.exitCode = await run(argv, io);
    }
  } catch (error) {
    if (isStdoutError(error)) stdoutFailed(error);
    const message = error instanceof Error ? error.message : String(error);
    if (isKnownError(error)) {
      writeText(2, `leakproof: ${message}\n`);
    } else {
      writeText(2, `leakproof: internal error: ${message.split('\n')[0] ?? ''} (scan incomplete; set LEAKPROOF_DEBUG=1 for a stack trace)\n`);
      if (process.env.LEAKPROOF_DEBUG && error instanceof Error) writeText(2, `${error.stack ?? ''}\n`);
    }
    process.exitCode = exitCodeFor(error);
  }
}

// No top-level await: the bundle that bin/leakproof.js loads is CommonJS (scripts/bundle.js).
// main() settles every error itself.
void main(process.argv.slice(2));
