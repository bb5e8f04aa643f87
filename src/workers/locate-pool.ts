/**
 * `leakproof redact` on more than one core. The stream plans its windows ahead (see
 * redact/secret-stream.ts), so whole windows can be matched at once: each goes to a worker
 * thread with room in its queue, or is matched here when every worker is busy. This thread also
 * reads input, rewrites and writes output, so it takes windows only as the workers fall behind.
 *
 * A worker starts cold (module load, rules to compile, DFAs to warm), so it starts after the
 * first window's worth of input, and its first windows take long: meanwhile this thread matches
 * the ones after them, as far as the stream plans ahead.
 *
 * A worker that fails (cannot start, crashes) is not an error: its windows, and every later
 * one, are matched here instead — the same result, only slower.
 */
import type { Worker } from 'node:worker_threads';
import { type LocateContext, type SecretSpan, spansIn } from '../redact/locate.js';
import { WORKER_URL } from './pool.js';
import type { FromWorker, LocatedSpan, ToWorker } from './protocol.js';

/** Windows queued on a worker: the next is there the moment it finishes one. */
const QUEUE = 2;

interface Waiting {
  readonly resolve: (spans: readonly LocatedSpan[]) => void;
  readonly reject: (error: Error) => void;
}

interface Helper {
  readonly worker: Worker;
  queued: number;
}

export class LocatePool {
  private readonly helpers: Helper[] = [];
  private readonly waiting = new Map<number, Waiting>();
  private seq = 0;
  /** Windows matched on worker threads (tests check that they are). */
  remoteWindows = 0;
  private broken = false;
  private closing = false;

  private constructor(private readonly ctx: LocateContext) {}

  /** `helpers` worker threads besides this one; undefined when there is nothing to gain. */
  static async start(ctx: LocateContext, helpers: number): Promise<LocatePool | undefined> {
    if (helpers < 1) return undefined;
    // Loaded only now: a small redact never pays for the worker_threads module.
    const { Worker: WorkerClass } = await import('node:worker_threads');
    const pool = new LocatePool(ctx);
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
      pool.helpers.push({ worker, queued: 0 });
    }
    return pool;
  }

  /** The spans in `window`, matched as JSON Lines or not (`json`): on a worker with room, else here. */
  locate(window: Buffer, json: boolean): SecretSpan[] | Promise<SecretSpan[]> {
    const helper = this.broken ? undefined : this.helpers.reduce<Helper | undefined>((best, h) => (h.queued < QUEUE && (best === undefined || h.queued < best.queued) ? h : best), undefined);
    if (helper === undefined) return spansIn(this.ctx, window, json);
    this.remoteWindows++;
    return this.remote(helper, window, json).then(
      (spans) => spans.map((s) => this.revive(s)),
      () => spansIn(this.ctx, window, json),
    );
  }

  private remote(helper: Helper, bytes: Buffer, json: boolean): Promise<readonly LocatedSpan[]> {
    const seq = this.seq++;
    // A copy the worker can own: transferring would detach the window's memory here.
    const content = new Uint8Array(bytes);
    const message: ToWorker = { type: 'locate', seq, scope: 0, path: this.ctx.path, json, content };
    helper.queued++;
    return new Promise<readonly LocatedSpan[]>((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      helper.worker.postMessage(message, [content.buffer]);
    }).finally(() => helper.queued--);
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
    await Promise.all(this.helpers.map((h) => h.worker.terminate()));
  }
}
