/**
 * Runs scan units in source order, on the main thread when the input is small and on worker
 * threads only when it is large: a worker costs ~50 ms to start (spawn, re2, rules), which a
 * pre-commit scan of a few files must not pay. Results come back in the order the jobs went in,
 * so a scan reports the same findings in the same order whatever the thread count.
 *
 * Memory stays bounded: the look-ahead that decides holds at most `startAfterBytes` of
 * in-memory content (plus one job), at most `BATCHES_PER_WORKER` batches per worker are in
 * flight and at most `REORDER_LIMIT` finished ones wait for their turn, the source is only
 * pulled when there is room, and workers read files themselves (content held in memory, e.g.
 * git blobs, is transferred, not copied).
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { Provenance, ScanTarget } from '../model.js';
import type { Ruleset } from '../rules/compile.js';
import type { GlobalAllowlist } from '../engine/detect.js';
import type { FromWorker, ToWorker, WorkerInit, WorkItem } from './protocol.js';
import { type FileLimits, scanContent, scanFile, type UnitResult, type UnitScope } from './unit.js';

export type JobEvent =
  | { readonly kind: 'file'; readonly absPath: string; readonly path: string }
  | { readonly kind: 'content'; readonly target: ScanTarget; readonly provenance: Provenance };

export interface Job {
  readonly event: JobEvent;
  readonly scope: UnitScope;
}

export interface Done {
  readonly job: Job;
  readonly result: UnitResult;
}

export interface PipelineOptions {
  readonly limits: FileLimits;
  /** Worker threads for large inputs; ≤ 1 scans on the main thread only. Default: CPU count. */
  readonly threads?: number;
  /** Inputs smaller than this are scanned on the main thread only; larger ones on workers only. */
  readonly startAfterBytes?: number;
}

/** ~0.1–0.3 s of single-threaded scanning: below it, workers would cost more than they save. */
export const START_AFTER_BYTES = 4 * 1024 * 1024;
const BATCH_FILES = 16;
const BATCH_CONTENT_BYTES = 2 * 1024 * 1024;
const BATCHES_PER_WORKER = 3;
/**
 * Finished batches waiting for an earlier, slower one (a 10 MB bundle) to be reported in order.
 * They hold findings only, so this can be generous; it keeps workers busy past a slow batch.
 */
const REORDER_LIMIT = 256;

/**
 * A worker's young generation, in place of V8's default (16 MB of new space per worker). A
 * worker's short-lived objects are per file (matches, findings) and the bytes it scans live
 * outside the V8 heap, so a small one costs no measurable time: on the whole-tree bench (181 MB
 * of npm packages) it took ~12 MB off each worker's resident memory for the same CPU time.
 */
export const WORKER_YOUNG_GENERATION_MB = 4;

/** A worker that has not said `ready` by then is stuck loading: fail rather than wait forever. */
const READY_TIMEOUT_MS = 30_000;

export const WORKER_URL = new URL('./scan-worker.js', import.meta.url);

export function defaultThreads(): number {
  return availableParallelism();
}

export async function* scanInOrder(jobs: AsyncIterable<Job> | Iterable<Job>, options: PipelineOptions): AsyncGenerator<Done> {
  const threads = options.threads ?? defaultThreads();
  const startAfter = options.startAfterBytes ?? START_AFTER_BYTES;
  const it = Symbol.asyncIterator in jobs ? jobs[Symbol.asyncIterator]() : toAsync(jobs[Symbol.iterator]());
  // Size the input before scanning any of it: a scan that will need workers leaves all the
  // scanning to them, so this thread never builds an engine (compiled rules, keyword automaton,
  // a young generation grown by matching) that it would then hold, unused, for the whole scan —
  // ~40 MB of the peak RSS of a whole-tree scan when it scanned the first few megabytes itself.
  const ahead: Job[] = [];
  let large = false;
  if (threads > 1 && existsSync(fileURLToPath(WORKER_URL))) {
    let bytes = 0;
    while (!(large = bytes >= startAfter)) {
      const next = await it.next();
      if (next.done === true) break;
      ahead.push(next.value);
      bytes += sizeOf(next.value.event);
    }
  }
  const all = prepend(ahead, it);
  if (!large) {
    for await (const job of all) yield { job, result: runHere(job, options.limits) };
    return;
  }
  // Loaded only now: a small scan never pays for the worker_threads module.
  const { Worker: WorkerClass } = await import('node:worker_threads');
  const pool = new Pool(threads, { limits: options.limits }, WorkerClass);
  try {
    yield* pool.run(all);
  } finally {
    await pool.close();
  }
}

/** Bytes a job will scan, as far as a stat can tell (0 when it cannot: the unit will say why). */
function sizeOf(event: JobEvent): number {
  if (event.kind === 'content') return event.target.content.length;
  try {
    return statSync(event.absPath, { throwIfNoEntry: false })?.size ?? 0;
  } catch {
    return 0;
  }
}

async function* prepend<T>(first: readonly T[], rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield* first;
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) yield next.value;
}

function runHere(job: Job, limits: FileLimits): UnitResult {
  const { event } = job;
  return event.kind === 'file' ? scanFile(event.absPath, event.path, job.scope, limits) : scanContent(event.target, job.scope, limits);
}

async function* toAsync<T>(it: Iterator<T>): AsyncIterator<T> & AsyncGenerator<T> {
  for (let n = it.next(); n.done !== true; n = it.next()) yield n.value;
}

interface Pending {
  readonly jobs: readonly Job[];
  result?: readonly UnitResult[];
}

class Pool {
  private readonly workers: Worker[] = [];
  private readonly load: number[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly scopeIds = new WeakMap<Ruleset, WeakMap<GlobalAllowlist, number>>();
  private readonly scopes: ToWorker[] = [];
  private nextScope = 0;
  private failure: Error | undefined;
  private closing = false;
  private readonly ready = new Set<number>();
  private readonly readyTimer: ReturnType<typeof setTimeout>;
  private wake: (() => void) | undefined;

  constructor(size: number, init: WorkerInit, WorkerClass: typeof Worker) {
    for (let i = 0; i < size; i++) {
      const worker = new WorkerClass(WORKER_URL, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      worker.on('message', (message: FromWorker) => this.receive(i, message));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`scan worker exited with code ${code}`));
      });
      this.workers.push(worker);
      this.load.push(0);
    }
    this.readyTimer = setTimeout(() => {
      if (this.ready.size < this.workers.length) this.fail(new Error(`scan worker did not start within ${READY_TIMEOUT_MS / 1000} s`));
    }, READY_TIMEOUT_MS);
    this.readyTimer.unref();
  }

  async *run(source: AsyncIterator<Job>): AsyncGenerator<Done> {
    let seq = 0;
    let emitted = 0;
    let exhausted = false;
    const capacity = this.workers.length * BATCHES_PER_WORKER;
    for (;;) {
      // Fill: one batch at a time to the least-loaded worker, while there is room.
      while (!exhausted && this.inFlight() < capacity && this.pending.size < REORDER_LIMIT) {
        const batch: Job[] = [];
        let bytes = 0;
        while (batch.length < BATCH_FILES && bytes < BATCH_CONTENT_BYTES) {
          const next = await source.next();
          if (next.done === true) {
            exhausted = true;
            break;
          }
          batch.push(next.value);
          if (next.value.event.kind === 'content') bytes += next.value.event.target.content.length;
        }
        if (batch.length > 0) this.send(seq++, batch);
      }
      // Drain, in order.
      for (let p = this.pending.get(emitted); p?.result !== undefined; p = this.pending.get(emitted)) {
        this.pending.delete(emitted);
        emitted++;
        for (let i = 0; i < p.jobs.length; i++) {
          const job = p.jobs[i];
          const result = p.result[i];
          if (job !== undefined && result !== undefined) yield { job, result: revive(result) };
        }
      }
      if (this.failure) throw this.failure;
      if (exhausted && this.pending.size === 0) return;
      // Draining made room (every batch in flight finished while the source was slow, e.g. git
      // blobs): fill again. Waiting here would wait for a worker that has nothing to do.
      if (!exhausted && this.pending.size < capacity) continue;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private inFlight(): number {
    return this.load.reduce((a, b) => a + b, 0);
  }

  private send(seq: number, jobs: Job[]): void {
    const target = this.load.indexOf(Math.min(...this.load));
    const worker = this.workers[target];
    if (worker === undefined) throw new Error('scan pool: no worker');
    const transfer: ArrayBuffer[] = [];
    const items: WorkItem[] = jobs.map(({ event, scope }) => {
      const id = this.scopeId(scope);
      if (event.kind === 'file') return { kind: 'file', scope: id, absPath: event.absPath, path: event.path };
      // Transfer only a buffer the content owns outright; copy a view into a shared one.
      const c = event.target.content;
      const own = c.byteOffset === 0 && c.byteLength === c.buffer.byteLength && c.buffer instanceof ArrayBuffer;
      const content = own ? c : new Uint8Array(c);
      transfer.push(content.buffer as ArrayBuffer);
      const lines = event.target.lines ? [...event.target.lines] : undefined;
      return { kind: 'content', scope: id, path: event.target.path, content, ...(lines ? { lines } : {}) };
    });
    // Scopes first: every worker learns every scope before a batch that uses it.
    for (const message of this.scopes.splice(0)) for (const w of this.workers) w.postMessage(message);
    this.pending.set(seq, { jobs });
    this.load[target] = (this.load[target] ?? 0) + 1;
    const message: ToWorker = { type: 'batch', seq, items };
    worker.postMessage(message, transfer);
  }

  private scopeId(scope: UnitScope): number {
    let byAllow = this.scopeIds.get(scope.ruleset);
    if (byAllow === undefined) {
      byAllow = new WeakMap();
      this.scopeIds.set(scope.ruleset, byAllow);
    }
    let id = byAllow.get(scope.allowlist);
    if (id === undefined) {
      id = this.nextScope++;
      byAllow.set(scope.allowlist, id);
      this.scopes.push({
        type: 'scope',
        id,
        scope: {
          specs: scope.ruleset.rules.map((r) => r.spec),
          allowRegexes: scope.allowlist.regexes.map((r) => r.source),
          stopwords: scope.allowlist.stopwords,
        },
      });
    }
    return id;
  }

  private receive(worker: number, message: FromWorker): void {
    if (message.type === 'ready') {
      this.ready.add(worker);
      return;
    }
    const p = this.pending.get(message.seq);
    this.load[worker] = Math.max(0, (this.load[worker] ?? 1) - 1);
    if (message.type === 'failed') this.fail(new Error(`scan worker: ${message.message}`));
    else if (p !== undefined && message.type === 'results') p.result = message.results;
    this.wake?.();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake?.();
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.readyTimer);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Structured clone turns Buffers into plain Uint8Arrays: give the content its Buffer back. */
function revive(result: UnitResult): UnitResult {
  if (result.kind !== 'done' || result.content === undefined || Buffer.isBuffer(result.content)) return result;
  const c = result.content as Uint8Array;
  return { ...result, content: Buffer.from(c.buffer, c.byteOffset, c.byteLength) };
}
