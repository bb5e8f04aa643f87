/**
 * Splitting redact windows across threads must not change the spans. Runs the built code
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

/**
 * ~600 KB of lines, some of them 150–400 KB of nothing but tokens: a cut with no line break
 * near it falls inside one, and a part edge that lost its overlap would cut a token in two.
 */
function window(seed: number): Buffer {
  const rand = seeded(seed);
  const lines: string[] = [];
  let size = 0;
  while (size < 600_000) {
    const r = rand();
    const line =
      r < 0.05 ? Array.from({ length: 5000 + Math.floor(rand() * 8000) }, () => fakeTestToken()).join(' ')
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
  it('splits windows across threads, unevenly and at any byte, with the same spans as one thread', async () => {
    const pool = await LocatePool.start(ctx, 1, 16 * 1024);
    expect(pool).toBeDefined();
    try {
      let compared = 0;
      for (let seed = 1; seed <= 40 && (pool?.splitWindows ?? 0) < 4; seed++) {
        const bytes = window(seed);
        const alone = spansIn(ctx, bytes, false);
        expect(alone.length).toBeGreaterThan(1000);
        expect(key((await pool?.locate(bytes, false)) ?? [])).toEqual(key(alone));
        compared++;
        // The worker warms up in the background; give it time to answer.
        if (pool?.splitWindows === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(compared).toBeGreaterThan(1);
      expect(pool?.splitWindows).toBeGreaterThanOrEqual(4);
    } finally {
      await pool?.close();
    }
  }, 60_000);
});
