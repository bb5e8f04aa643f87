/**
 * Worker threads must not change results. Runs the built code (dist/): worker threads load
 * compiled JavaScript, so `npm run build` comes first (as in `npm test`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as ScanModule from '../../../src/scan.js';
import type * as PoolModule from '../../../src/workers/pool.js';
import type * as SetupModule from '../../../src/setup.js';
import type * as TreeModule from '../../../src/sources/fs-tree.js';
import type * as UnitModule from '../../../src/workers/unit.js';
import { fakeGithubToken, fakeTestToken } from '../../helpers/fake-secrets.js';
import { spec } from '../../helpers/ruleset.js';
import { seeded } from '../../helpers/seeded.js';

const dist = (rel: string): string => pathToFileURL(join(import.meta.dirname, '../../../dist', rel)).href;
const { scan } = (await import(dist('scan.js'))) as typeof ScanModule;
const { scanInOrder } = (await import(dist('workers/pool.js'))) as typeof PoolModule;
const { loadSetup } = (await import(dist('setup.js'))) as typeof SetupModule;
const { pathsSource } = (await import(dist('sources/fs-tree.js'))) as typeof TreeModule;
const { scanFile } = (await import(dist('workers/unit.js'))) as typeof UnitModule;

const builtin = [
  spec({ id: 'test-token', keywords: ['tstk_'], regex: String.raw`\b(tstk_[A-Za-z0-9]{24})\b`, entropy: 3 }),
  spec({ id: 'gh', keywords: ['ghp_'], regex: String.raw`\b(ghp_[A-Za-z0-9]{36})\b`, checksum: 'github-crc32' }),
  spec({ id: 'generic', keywords: ['secret'], tags: ['generic'], regex: String.raw`(?i)secret\s{0,3}=\s{0,3}"([^"\s]{8,64})"`, entropy: 3 }),
];

let root: string;

beforeAll(() => {
  // ~7 MB over 400 files: enough for the pool to start after its main-thread phase.
  root = mkdtempSync(join(tmpdir(), 'leakproof-pool-'));
  const rand = seeded(3);
  for (let f = 0; f < 400; f++) {
    const dir = join(root, `d${f % 13}`);
    mkdirSync(dir, { recursive: true });
    const lines: string[] = [];
    for (let i = 0; i < 400; i++) {
      const r = rand();
      if (r < 0.002) lines.push(`token = "${fakeTestToken()}"`);
      else if (r < 0.003) lines.push(`GH=${fakeGithubToken()}`);
      else if (r < 0.004) lines.push(`secret = "${fakeTestToken().slice(5)}"`);
      else lines.push(`const value${i} = compute(${Math.floor(rand() * 1e6)}, 'secret token key'); // ${i}`);
    }
    writeFileSync(join(dir, `f${f}.ts`), `${lines.join('\n')}\n`);
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(threads: number) {
  const { policy } = loadSetup({ root, builtin });
  return scan({ source: pathsSource([root], root), policy, threads });
}

describe('worker pool', () => {
  it('returns the same findings, in the same order, as one thread', async () => {
    const one = await run(1);
    const two = await run(2);
    expect(one.findings.length).toBeGreaterThan(20);
    expect(two.findings).toEqual(one.findings);
    expect(two.stats.files).toBe(one.stats.files);
    expect(two.stats.bytes).toBe(one.stats.bytes);
    expect(two.stats.skipped).toEqual(one.stats.skipped);
  });

  it('really uses the workers for file and in-memory units once past the start threshold', async () => {
    const { policy } = loadSetup({ root, builtin });
    const scope = policy.forPath('x.ts');
    const text = `id = "${fakeTestToken()}"\n`;
    const jobs = [
      ...[...pathsSource([root], root)].flatMap((e) => (e.kind === 'file' ? [{ event: e, scope }] : [])),
      ...Array.from({ length: 50 }, (_, i) => ({
        event: { kind: 'content' as const, target: { path: `mem${i}.txt`, content: Buffer.from(text) }, provenance: { kind: 'stdin' as const } },
        scope,
      })),
    ];
    const copy = () => jobs.map((j) => (j.event.kind === 'content' ? { ...j, event: { ...j.event, target: { ...j.event.target, content: Buffer.from(text) } } } : j));
    const run = async (keepContent: boolean) => {
      const done = [];
      const input = copy();
      for await (const d of scanInOrder(input, { limits: { maxFileSize: 1 << 30, keepContent }, threads: 2, startAfterBytes: 0 })) done.push(d);
      expect(done.map((d) => d.job)).toEqual(input);
      return done;
    };
    // Bytes come back only with findings, and only when asked for.
    const kept = await run(true);
    const clean = kept.filter((d) => d.result.kind === 'done' && d.result.found.length === 0);
    expect(clean.length).toBeGreaterThan(50);
    expect(clean.every((d) => d.result.kind === 'done' && d.result.content === undefined)).toBe(true);
    const memory = kept.slice(-50);
    expect(memory.every((d) => d.result.kind === 'done' && d.result.found.length === 1 && d.result.content?.toString() === text)).toBe(true);
    const withFindings = (await run(false)).filter((d) => d.result.kind === 'done' && d.result.found.length > 0);
    expect(withFindings.length).toBeGreaterThan(50);
    expect(withFindings.every((d) => d.result.kind === 'done' && d.result.content === undefined)).toBe(true);
  });

  it('scans a small input on this thread only, and a large one on the workers only', async () => {
    // The allowlist regex this thread holds counts its calls; a worker compiles its own from
    // the source, so calls counted here are engine work done on this thread.
    let calls = 0;
    const counting = { source: 'never-allowed-zzz', test: () => (calls++, false), matchAll: () => [], groupCount: 0 };
    const scope = { ruleset: loadSetup({ root, builtin }).policy.forPath('x').ruleset, allowlist: { regexes: [counting], stopwords: [] } };
    const jobs = [...pathsSource([root], root)].flatMap((e) => (e.kind === 'file' ? [{ event: e, scope }] : []));
    const findings = async (startAfterBytes: number) => {
      let n = 0;
      for await (const d of scanInOrder(jobs, { limits: { maxFileSize: 1 << 30 }, threads: 2, startAfterBytes })) n += d.result.kind === 'done' ? d.result.found.length : 0;
      return n;
    };
    const onWorkers = await findings(1024 * 1024);
    expect(onWorkers).toBeGreaterThan(20);
    expect(calls).toBe(0);
    expect(await findings(1 << 30)).toBe(onWorkers);
    expect(calls).toBeGreaterThan(20);
  });

  it('hands back, when asked, a copy of the bytes of a file with findings, none for a clean one', () => {
    const { policy } = loadSetup({ root, builtin });
    const scope = policy.forPath('x.ts');
    const dir = mkdtempSync(join(tmpdir(), 'leakproof-unit-'));
    try {
      writeFileSync(join(dir, 'leak.txt'), `id = "${fakeTestToken()}"\n`);
      writeFileSync(join(dir, 'clean.txt'), 'nothing to see here\n'.repeat(500));
      const limits = { maxFileSize: 1 << 20, keepContent: true };
      expect(scanFile(join(dir, 'leak.txt'), 'leak.txt', scope, { maxFileSize: 1 << 20 })).not.toHaveProperty('content');
      const leak = scanFile(join(dir, 'leak.txt'), 'leak.txt', scope, limits);
      const clean = scanFile(join(dir, 'clean.txt'), 'clean.txt', scope, limits);
      expect(clean).toMatchObject({ kind: 'done', found: [] });
      expect(clean.kind === 'done' && clean.content).toBeFalsy();
      // Read into the thread's reused buffer, which the clean file has overwritten since.
      expect(leak.kind === 'done' && leak.found.length).toBe(1);
      expect(leak.kind === 'done' && leak.content?.equals(readFileSync(join(dir, 'leak.txt')))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails the scan, not silently, when a worker cannot do its job', async () => {
    const scope = { ruleset: loadSetup({ root, builtin }).policy.forPath('x').ruleset, allowlist: { regexes: [{ source: '(', test: () => false, matchAll: () => [], groupCount: 0 }], stopwords: [] } };
    const jobs = [...pathsSource([root], root)].flatMap((e) => (e.kind === 'file' ? [{ event: e, scope }] : []));
    const drain = async () => {
      for await (const _ of scanInOrder(jobs, { limits: { maxFileSize: 1 << 30 }, threads: 2, startAfterBytes: 0 })) void _;
    };
    await expect(drain()).rejects.toThrow(/worker|regex/i);
  });
});
