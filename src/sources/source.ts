import type { Provenance, ScanTarget } from '../model.js';

/** What a source yields: a file to read, content already in memory, or content it could not get. */
export type SourceEvent =
  | { readonly kind: 'file'; readonly absPath: string; readonly path: string }
  | { readonly kind: 'content'; readonly target: ScanTarget; readonly provenance: Provenance }
  | { readonly kind: 'skipped'; readonly path: string; readonly reason: string };

export type Source = AsyncIterable<SourceEvent> | Iterable<SourceEvent>;
