/**
 * `leakproof redact` on more than one core. The stream stays one sequence of windows (their
 * edges and the JSON Lines decision carry over from one to the next), but each large window is
 * cut into parts that overlap by the stream's own overlap, widened to whole lines, one part per
 * thread: the last is matched here while worker threads match the others. A secret no longer
 * than the overlap lies whole in some part, so the merged spans are the window's spans.
 *
 * The parts are not even: this thread also reads input, rewrites and writes output, and a
 * worker starts cold (module load, rules to compile, DFAs to warm: ~0.5 s of CPU). A new worker
 * first warms up on a sample while this thread matches whole windows; then the workers' share
 * of a window follows how fast each side matched its last part, so both finish together.
 *
 * A worker that fails (cannot start, crashes) is not an error: its part, and every later one,
 * is matched here instead — the same result, only slower.
 */
import type { Worker } from 'node:worker_threads';
import { type LocateContext, mergeSpans, type SecretSpan, spansIn } from '../redact/locate.js';
import { WORKER_URL } from './pool.js';
import type { FromWorker, LocatedSpan, ToWorker } from './protocol.js';

/** Windows smaller than this are matched here in one piece. */
export const SPLIT_MIN_BYTES = 256 * 1024;
/** How far from its target a cut may move to land on a line break. */
const EDGE_SLACK = 64 * 1024;
/**
 * Bytes of a window a new worker matches, results unused, while this thread matches windows
 * whole: its start-up (module load, first regex compiles and DFAs) then costs no wait here.
 */
const WARM_BYTES = 256 * 1024;
/** The workers' share of a window at first (still coldish) and its bounds. */
const FIRST_SHARE = 0.2;
const MIN_SHARE = 0.05;
const MAX_SHARE = 0.9;
const SHARE_STEP = 0.05;

interface Waiting {
  readonly resolve: (spans: readonly LocatedSpan[]) => void;
  readonly reject: (error: Error) => void;
}

export class LocatePool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, Waiting>();
  private seq = 0;
  /** Fraction of each window the workers match, together. */
  private share = FIRST_SHARE;
  private warm: 'cold' | 'warming' | 'ready' = 'cold';
  /** Windows matched in parts on more than one thread (tests check that splitting happens). */
  splitWindows = 0;
  private broken = false;
  private closing = false;

  private constructor(
    private readonly ctx: LocateContext,
    private readonly overlap: number,
  ) {}

  /** `helpers` worker threads besides this one; undefined when there is nothing to gain. */
  static async start(ctx: LocateContext, helpers: number, overlap: number): Promise<LocatePool | undefined> {
    if (helpers < 1) return undefined;
    // Loaded only now: a small redact never pays for the worker_threads module.
    const { Worker: WorkerClass } = await import('node:worker_threads');
    const pool = new LocatePool(ctx, overlap);
    const scope: ToWorker = {
      type: 'scope',
      id: 0,
      scope: {
        specs: ctx.ruleset.rules.map((r) => r.spec),
        allowRegexes: ctx.options?.allowlist?.regexes.map((r) => r.source) ?? [],
        stopwords: ctx.options?.allowlist?.stopwords ?? [],
      },
    };
    for (let i = 0; i < helpers; i++) {
      const worker = new WorkerClass(WORKER_URL, { workerData: { limits: { maxFileSize: 0 } } });
      worker.on('message', (message: FromWorker) => pool.receive(message));
      worker.on('error', (error) => pool.fail(error));
      worker.on('exit', (code) => {
        if (!pool.closing) pool.fail(new Error(`redact worker exited with code ${code}`));
      });
      worker.postMessage(scope);
      pool.workers.push(worker);
    }
    return pool;
  }

  /** The spans in `window`, matched as JSON Lines or not (`json`, decided by the caller's Locator). */
  async locate(window: Buffer, json: boolean): Promise<SecretSpan[]> {
    if (!this.broken && this.warm !== 'ready') {
      if (this.warm === 'cold') {
        this.warm = 'warming';
        const sample = window.subarray(0, lineEnd(window, Math.min(window.length, WARM_BYTES)));
        Promise.all(this.workers.map((_, i) => this.remote(i, sample, json))).then(
          () => (this.warm = 'ready'),
          () => undefined,
        );
      }
      return spansIn(this.ctx, window, json);
    }
    const parts = this.broken ? [] : this.parts(window);
    if (parts.length < 2) return spansIn(this.ctx, window, json);
    this.splitWindows++;
    const started = performance.now();
    const remote = parts.slice(0, -1).map(([from, to], i) => this.remote(i, window.subarray(from, to), json).then((spans) => ({ from, to, spans })));
    const [lastFrom, lastTo] = parts[parts.length - 1] ?? [0, window.length];
    const spans = spansIn(this.ctx, window.subarray(lastFrom, lastTo), json).map((s) => shift(s, lastFrom));
    const localMs = performance.now() - started;
    let remoteBytes = 0;
    for (const part of await Promise.all(remote.map((p) => p.catch(() => undefined)))) {
      if (part === undefined) return spansIn(this.ctx, window, json);
      for (const s of part.spans) spans.push(shift(this.revive(s), part.from));
      remoteBytes += part.to - part.from;
    }
    this.rebalance(remoteBytes, lastTo - lastFrom, localMs, performance.now() - started - localMs);
    return mergeSpans(spans);
  }

  /**
   * A worker's answer is read only once this thread is done with its own part, so its time is
   * known only when this thread had to wait for it: then the share moves half-way to the one at
   * which both would have finished together (half-way: one stalled window on a loaded machine
   * moves it only so far). No wait: the workers were at least as fast, and take SHARE_STEP more.
   */
  private rebalance(remoteBytes: number, localBytes: number, localMs: number, waitedMs: number): void {
    if (waitedMs < 1) {
      this.share = Math.min(MAX_SHARE, this.share + SHARE_STEP);
      return;
    }
    const remoteRate = remoteBytes / (localMs + waitedMs);
    const localRate = localBytes / Math.max(localMs, 1e-3);
    this.share = Math.min(MAX_SHARE, Math.max(MIN_SHARE, (this.share + remoteRate / (remoteRate + localRate)) / 2));
  }

  /**
   * [from, to) of each part: the workers' first, `share` of the window between them, this
   * thread's last; cut at a line break near the target when there is one, and each part
   * widened by `overlap` and then to whole lines.
   */
  private parts(window: Buffer): [number, number][] {
    const n = this.workers.length + 1;
    if (window.length < SPLIT_MIN_BYTES) return [];
    const cuts = [0];
    for (let k = 1; k < n; k++) {
      const target = Math.floor((window.length * this.share * k) / (n - 1));
      const from = Math.max((cuts[cuts.length - 1] ?? 0) + this.overlap, target - EDGE_SLACK);
      if (from >= window.length) return [];
      const newline = window.subarray(from, Math.min(window.length, target + EDGE_SLACK)).indexOf(0x0a);
      cuts.push(newline === -1 ? Math.max(from, target) : from + newline + 1);
    }
    cuts.push(window.length);
    const parts: [number, number][] = [];
    for (let k = 0; k < n; k++) {
      const start = k === 0 ? 0 : lineStart(window, (cuts[k] ?? 0) - this.overlap);
      const end = k === n - 1 ? window.length : lineEnd(window, (cuts[k + 1] ?? 0) + this.overlap);
      parts.push([start, end]);
    }
    return parts;
  }

  private remote(worker: number, bytes: Buffer, json: boolean): Promise<readonly LocatedSpan[]> {
    const target = this.workers[worker];
    if (target === undefined) return Promise.reject(new Error('redact pool: no worker'));
    const seq = this.seq++;
    // A copy the worker can own: transferring would detach the window's memory here.
    const content = new Uint8Array(bytes);
    const message: ToWorker = { type: 'locate', seq, scope: 0, path: this.ctx.path, json, content };
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      target.postMessage(message, [content.buffer]);
    });
  }

  private revive(s: LocatedSpan): SecretSpan {
    const rule = this.ctx.ruleset.rules[s.rule]?.spec;
    if (rule === undefined) throw new Error(`redact worker: unknown rule ${s.rule}`);
    return { start: s.start, end: s.end, found: { rule, severity: s.severity, start: s.secretStart, end: s.secretEnd, secret: s.secret, entropy: s.entropy } };
  }

  private receive(message: FromWorker): void {
    if (message.type === 'ready' || message.type === 'results') return;
    const waiting = this.waiting.get(message.seq);
    this.waiting.delete(message.seq);
    if (message.type === 'failed') {
      this.fail(new Error(`redact worker: ${message.message}`));
      waiting?.reject(new Error(message.message));
    } else waiting?.resolve(message.spans);
  }

  private fail(error: Error): void {
    this.broken = true;
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function shift(span: SecretSpan, by: number): SecretSpan {
  return by === 0 ? span : { ...span, start: span.start + by, end: span.end + by };
}

/** Start of the line holding `at` (0 if none starts before it). */
function lineStart(bytes: Buffer, at: number): number {
  if (at <= 0) return 0;
  return bytes.lastIndexOf(0x0a, at - 1) + 1;
}

/** End of the line holding `at`, its line break included (the end of `bytes` if none follows). */
function lineEnd(bytes: Buffer, at: number): number {
  if (at >= bytes.length) return bytes.length;
  const newline = bytes.indexOf(0x0a, at);
  return newline === -1 ? bytes.length : newline + 1;
}
