/** Nested `.leakproof.toml` in a monorepo: each applies under its folder and inherits from the root. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeTestToken, TEST_RULE_TOML } from '../helpers/fake-secrets.js';
import { leaks, runCli, tempDir } from '../helpers/run-cli.js';

let dir: string;

function write(rel: string, text: string): void {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

interface Report {
  findings: { file: string; severity: string; ruleId: string }[];
  summary: { allowed: unknown[] };
}

function scanJson(args: string[] = ['.']): { code: number; report: Report; stderr: string } {
  const r = runCli(['scan', ...args, '--format', 'json'], { cwd: dir });
  return { code: r.code, report: JSON.parse(r.stdout || '{"findings":[]}') as Report, stderr: r.stderr };
}

const files = (r: Report): string[] => r.findings.map((f) => f.file).sort();

beforeEach(() => {
  dir = tempDir('lp-mono-');
  // A repository top: the root config governs every package below it.
  spawnSync('git', ['init', '-q', dir]);
  write('.leakproof.toml', `${TEST_RULE_TOML}\n[allowlist]\npaths = ["docs/examples/"]\n`);
  write('packages/api/.leakproof.toml', 'disabledRules = ["test-token"]\n');
  write('packages/web/.leakproof.toml', '[allowlist]\npaths = ["fixtures/**"]\n');
  write('packages/legacy/.leakproof.toml', '[severity]\ntest-token = "low"\n');
  for (const p of ['src/a.ts', 'docs/examples/x.md', 'fixtures/root.txt', 'packages/api/src/a.ts', 'packages/web/fixtures/f.txt', 'packages/web/src/w.ts', 'packages/legacy/l.ts']) {
    write(p, `t = "${fakeTestToken()}"\n`);
  }
});

describe('nested configs', () => {
  it('apply to files under their folder, on top of the root config', () => {
    const { code, report } = scanJson();
    expect(code).toBe(1);
    expect(files(report)).toEqual(['fixtures/root.txt', 'packages/legacy/l.ts', 'packages/web/src/w.ts', 'src/a.ts']);
    expect(report.findings.find((f) => f.file === 'packages/legacy/l.ts')?.severity).toBe('low');
    expect(report.findings.find((f) => f.file === 'src/a.ts')?.severity).toBe('high');
  });

  it('apply when a package is scanned on its own, with paths relative to the package', () => {
    const legacy = scanJson(['packages/legacy', '--fail-on', 'high']);
    expect(legacy.code).toBe(0);
    expect(legacy.report.findings).toEqual([expect.objectContaining({ file: 'l.ts', severity: 'low' })]);
    const web = scanJson(['packages/web']);
    expect(files(web.report)).toEqual(['src/w.ts']);
    expect(scanJson(['packages/api']).code).toBe(0);
  });

  it('a bad nested config exits 2 naming its file, line and key', () => {
    write('packages/web/.leakproof.toml', '[allowlist]\npaths = ["fixtures/**"]\nstopword = ["x"]\n');
    const r = runCli(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('leakproof: packages/web/.leakproof.toml:3: unknown key "allowlist.stopword"\n');
  });

  it('a nested config that names an unknown rule exits 2', () => {
    write('packages/api/.leakproof.toml', 'disabledRules = ["tset-token"]\n');
    const r = runCli(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('leakproof: packages/api/.leakproof.toml:1: disabledRules names unknown rule "tset-token"\n');
  });

  it('[extend] useDefault = false without rules is refused rather than scanning with nothing', () => {
    write('packages/web/.leakproof.toml', '[extend]\nuseDefault = false\ndisabledRules = []\n');
    write('.leakproof.toml', '[extend]\nuseDefault = false\n');
    const r = runCli(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^leakproof: \.leakproof\.toml:2: no rules left to run/);
  });

  it('inline allows are counted and listed in the JSON summary, never with the secret', () => {
    const token = fakeTestToken();
    write('src/b.ts', `const t = "${token}"; // leakproof:allow test-token\n`);
    const r = runCli(['scan', 'src', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(r.stdout) as { summary: { allowed: unknown[] } };
    expect(report.summary.allowed).toEqual([{ ruleId: 'test-token', file: 'b.ts', line: 1, directive: 'leakproof:allow test-token', directiveLine: 1 }]);
    expect(leaks(r.stdout, token)).toBe(false);
    expect(runCli(['scan', 'src'], { cwd: dir }).stdout).toMatch(/\| 1 allowed inline\n$/);
  });
});
