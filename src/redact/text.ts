/** Redaction of in-memory text and JSON values (hook payloads): same spans and placeholders as the stream filter. */
import { rewrite } from './filter.js';
import { type LocateContext, Locator } from './locate.js';

export interface RedactedText {
  readonly text: string;
  readonly count: number;
}

export function redactText(text: string, ctx: LocateContext): RedactedText {
  const bytes = Buffer.from(text, 'utf8');
  const spans = new Locator(ctx).locate(bytes);
  if (spans.length === 0) return { text, count: 0 };
  return { text: rewrite({ bytes, offset: 0, spans }).toString('utf8'), count: spans.length };
}

/** Every string in a JSON value redacted; the shape is kept so a host can use it in place of the original. */
export function redactValue(value: unknown, ctx: LocateContext): { value: unknown; count: number } {
  let count = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const r = redactText(v, ctx);
      count += r.count;
      return r.text;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(value);
  return { value: out, count };
}
