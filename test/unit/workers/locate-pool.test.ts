/**
 * Matching redact windows on worker threads must not change the spans. Runs the built code
 * (dist/): worker threads load compiled JavaScript, so `npm run build` comes first.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as LocateModule from '../../../src/redact/locate.js';
import type * as LocatePoolModule from '../../../src/workers/locate-pool.js';
import type * as CompileModule from '../../../src/rules/compile.js';
import { fakeTestToken } from '../../helpers/fake-secrets.js';
import { spec } from '../../helpers/ruleset.js';
import { seeded } from '../../helpers/seeded.js';

const dist = (rel: string): string => pathToFileURL(join(import.meta.dirname, '../../../dist', rel)).href;
const { LocatePool } = (await import(dist('workers/locate-pool.js'))) as typeof LocatePoolModule;
const { spansIn } = (await import(dist('redact/locate.js'))) as typeof LocateModule;
const { buildRuleset } = (await import(dist('rules/compile.js'))) as typeof CompileModule;

const ruleset = buildRuleset([spec({ id: 'test-token', keywords: ['tstk_'], regex: String.raw`\b(tstk_[A-Za-z0-9]{24})\b`, entropy: 3 })]);
const ctx = { ruleset, path: 'x.log' };

/** ~200 KB of lines, some of them long runs of tokens. */
function window(seed: number): Buffer {
  const rand = seeded(seed);
  const lines: string[] = [];
  let size = 0;
  while (size < 200_000) {
    const r = rand();
    const line =
      r < 0.05 ? Array.from({ length: 500 + Math.floor(rand() * 2000) }, () => fakeTestToken()).join(' ')
      : r < 0.1 ? `value = ${fakeTestToken()}`
      : `plain line ${Math.floor(rand() * 1e9)} with nothing`;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** Spans as offsets and rule: a failure message must not print the (fake) secrets. */
const key = (spans: readonly { start: number; end: number; found: { rule: { id: string } } }[]): string[] => spans.map((s) => `${s.start}:${s.end}:${s.found.rule.id}`);

describe('redact worker pool', () => {
  it('matches windows on worker threads, or here when they are busy, with the same spans as one thread', async () => {
    const pool = await LocatePool.start(ctx, 1);
    expect(pool).toBeDefined();
    if (pool === undefined) return;
    try {
      const windows = Array.from({ length: 12 }, (_, i) => window(i + 1));
      // All at once, as the stream asks when it plans ahead: the worker's queue fills, and the rest are matched here.
      const located = await Promise.all(windows.map((w) => pool.locate(w, false)));
      windows.forEach((w, i) => {
        const alone = spansIn(ctx, w, false);
        expect(alone.length).toBeGreaterThan(100);
        expect(key(located[i] ?? [])).toEqual(key(alone));
      });
      expect(pool.remoteWindows).toBeGreaterThan(0);
      expect(pool.remoteWindows).toBeLessThan(windows.length);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
