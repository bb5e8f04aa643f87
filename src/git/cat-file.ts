/**
 * One long-lived `git cat-file --batch`: object ids in, contents out, in order. Spawning git
 * per blob costs ~3 ms; a history scan reads thousands of blobs. Requests are pipelined and
 * answered in the order they were written.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { IncompleteScanError } from '../errors.js';
import { DEFAULT_GIT_TIMEOUT_MS, type GitContext, firstLine, gitEnv, HARDENING } from './run-git.js';

export type ObjectResult =
  | { readonly kind: 'ok'; readonly type: string; readonly content: Buffer }
  | { readonly kind: 'too-large'; readonly type: string; readonly size: number }
  | { readonly kind: 'missing' };

interface Pending {
  readonly oid: string;
  readonly maxBytes: number;
  readonly resolve: (result: ObjectResult) => void;
  readonly reject: (error: Error) => void;
}

/** Parser state for the response currently arriving. */
interface Body {
  readonly type: string;
  readonly size: number;
  /** Undefined while skipping an object above the caller's limit. */
  readonly buffer: Buffer | undefined;
  filled: number;
}

export class ObjectReader {
  private readonly proc: ChildProcessByStdio<Writable, Readable, Readable>;
  private readonly queue: Pending[] = [];
  private header: Buffer[] = [];
  private body: Body | undefined;
  private failure: Error | undefined;
  private stderr = '';
  private timer: NodeJS.Timeout | undefined;
  private readonly timeoutMs: number;

  constructor(ctx: GitContext) {
    this.timeoutMs = ctx.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
    this.proc = spawn('git', [...HARDENING, 'cat-file', '--batch'], {
      cwd: ctx.cwd,
      env: gitEnv(ctx.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => {
      if (this.stderr.length < 4096) this.stderr += chunk.toString('utf8');
    });
    this.proc.stdin.on('error', () => undefined); // reported through 'exit' below
    this.hold(false);
    this.proc.on('error', (error: NodeJS.ErrnoException) => {
      this.fail(error.code === 'ENOENT' ? 'git is not installed or not on PATH' : `cannot run git cat-file (${error.code ?? error.message})`);
    });
    // 'close', not 'exit': stdout may still hold answers when the process has exited.
    this.proc.on('close', (code, signal) => {
      if (this.queue.length > 0 || this.body) {
        const why = firstLine(this.stderr);
        this.fail(`git cat-file exited (${signal ?? `exit ${code ?? '?'}`})${why ? `: ${why}` : ''}`);
      }
    });
  }

  /** Reads one object; content above `maxBytes` is skipped and reported as `too-large`. */
  read(oid: string, maxBytes = Number.MAX_SAFE_INTEGER): Promise<ObjectResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(oid)) return Promise.reject(new IncompleteScanError(`invalid object id from git: ${oid.slice(0, 70)}`));
    return new Promise((resolve, reject) => {
      this.queue.push({ oid, maxBytes, resolve, reject });
      this.proc.stdin.write(`${oid}\n`);
      this.arm();
    });
  }

  async close(): Promise<void> {
    this.disarm();
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.hold(true);
    await new Promise<void>((resolve) => {
      this.proc.once('close', () => resolve());
      this.proc.stdin.end();
      if (this.queue.length > 0 || this.failure) this.proc.kill('SIGKILL');
    });
  }

  /**
   * An idle reader must not keep the process alive: one opened ahead of its first read (so that
   * git starts while other work runs) may never be read from when that work fails. A pending
   * read holds the event loop through its timeout timer; closing holds it until git is gone.
   */
  private hold(on: boolean): void {
    const handles: { ref(): void; unref(): void }[] = [this.proc, this.proc.stdin as unknown as Socket, this.proc.stdout as unknown as Socket, this.proc.stderr as unknown as Socket];
    for (const h of handles) {
      if (on) h.ref();
      else h.unref();
    }
  }

  private arm(): void {
    this.disarm();
    if (this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.fail(`git cat-file timed out after ${Math.round(this.timeoutMs / 1000)} s`);
      this.proc.kill('SIGKILL');
    }, this.timeoutMs);
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fail(message: string): void {
    if (this.failure) return;
    this.disarm();
    this.failure = new IncompleteScanError(`${message} (scan incomplete)`);
    for (const p of this.queue.splice(0)) p.reject(this.failure);
    this.body = undefined;
  }

  private onData(chunk: Buffer): void {
    let data = chunk;
    while (data.length > 0 && !this.failure) {
      if (this.body) {
        data = this.fillBody(this.body, data);
        continue;
      }
      const nl = data.indexOf(10);
      if (nl === -1) {
        this.header.push(data);
        return;
      }
      this.header.push(data.subarray(0, nl));
      data = data.subarray(nl + 1);
      const line = Buffer.concat(this.header).toString('utf8');
      this.header = [];
      this.onHeader(line);
    }
    this.arm();
  }

  private onHeader(line: string): void {
    const pending = this.queue[0];
    if (pending === undefined) return this.fail('git cat-file sent an unexpected response');
    const parts = line.split(' ');
    if (parts[1] === 'missing' || parts[1] === 'ambiguous') {
      this.queue.shift();
      pending.resolve({ kind: 'missing' });
      return;
    }
    const size = Number(parts[2]);
    if (parts.length !== 3 || parts[0] !== pending.oid || !Number.isSafeInteger(size) || size < 0) {
      return this.fail('git cat-file sent a malformed header');
    }
    const type = parts[1] ?? '';
    this.body = { type, size, buffer: size <= pending.maxBytes ? Buffer.allocUnsafe(size) : undefined, filled: 0 };
  }

  /** Consumes content bytes plus the LF git writes after each object; returns the rest. */
  private fillBody(body: Body, data: Buffer): Buffer {
    const want = body.size + 1 - body.filled;
    const take = Math.min(want, data.length);
    if (body.buffer) {
      const contentBytes = Math.min(take, body.size - body.filled);
      if (contentBytes > 0) data.copy(body.buffer, body.filled, 0, contentBytes);
    }
    body.filled += take;
    if (body.filled === body.size + 1) {
      this.body = undefined;
      const pending = this.queue.shift();
      if (pending) {
        pending.resolve(
          body.buffer ? { kind: 'ok', type: body.type, content: body.buffer } : { kind: 'too-large', type: body.type, size: body.size },
        );
      }
    }
    return data.subarray(take);
  }
}
