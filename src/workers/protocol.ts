/** Messages between the scan orchestrator and its worker threads (structured-clone safe). */
import type { RuleSpec, Severity } from '../model.js';
import type { FileLimits, UnitResult } from './unit.js';

/** What a worker needs to rebuild a path's ruleset and allowlist: data, never functions. */
export interface ScopeData {
  readonly specs: readonly RuleSpec[];
  readonly allowRegexes: readonly string[];
  readonly stopwords: readonly string[];
}

export type WorkItem =
  | { readonly kind: 'file'; readonly scope: number; readonly absPath: string; readonly path: string }
  | { readonly kind: 'content'; readonly scope: number; readonly path: string; readonly content: Uint8Array; readonly lines?: readonly number[] };

/** A secret span found by a worker for `leakproof redact`; `rule` indexes the scope's specs. */
export interface LocatedSpan {
  readonly start: number;
  readonly end: number;
  readonly rule: number;
  readonly severity: Severity;
  readonly secretStart: number;
  readonly secretEnd: number;
  readonly secret: string;
  readonly entropy: number;
}

export type ToWorker =
  | { readonly type: 'scope'; readonly id: number; readonly scope: ScopeData }
  | { readonly type: 'batch'; readonly seq: number; readonly items: readonly WorkItem[] }
  /** Part of a redact window: the spans in it, matched as JSON Lines or not (`json`). */
  | { readonly type: 'locate'; readonly seq: number; readonly scope: number; readonly path: string; readonly json: boolean; readonly content: Uint8Array };

export type FromWorker =
  /** Sent once the worker listens: a worker that never gets there fails the scan. */
  | { readonly type: 'ready' }
  | { readonly type: 'results'; readonly seq: number; readonly results: readonly UnitResult[] }
  | { readonly type: 'located'; readonly seq: number; readonly spans: readonly LocatedSpan[] }
  | { readonly type: 'failed'; readonly seq: number; readonly message: string };

export interface WorkerInit {
  readonly limits: FileLimits;
}
