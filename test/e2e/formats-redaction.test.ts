/**
 * The redaction invariant across every output: no format, summary, note or written file
 * (report, baseline) carries the raw secret or an 8-character piece of it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMATTERS } from '../../src/report/formats/index.js';
import { fakeTestToken, TEST_RULE_TOML } from '../helpers/fake-secrets.js';
import { leaks, runCli, tempDir } from '../helpers/run-cli.js';
import { xmlProblem } from '../helpers/xml.js';

let dir: string;
const secrets: string[] = [];

function write(rel: string, text: string): void {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
}
const leaksAny = (text: string): boolean => secrets.some((s) => leaks(text, s));

beforeAll(() => {
  dir = tempDir('lp-fmt-');
  for (let i = 0; i < 4; i++) secrets.push(fakeTestToken());
  write('.leakproof.toml', TEST_RULE_TOML);
  write('old/known.ts', `k = "${secrets[0]}"\n`);
  expect(runCli(['baseline', 'create'], { cwd: dir }).code).toBe(0);
  write('src/a,b:c.ts', `const a = "${secrets[1]}";\n`);
  write('src/allowed.ts', `const b = "${secrets[2]}"; // leakproof:allow\n`);
  write('src/multi.ts', `x\n\ny = "${secrets[3]}" <>&"'\n`);
});

describe('every format', () => {
  it.each(Object.keys(FORMATTERS))('%s: findings reported, secrets absent (stdout and --output)', (format) => {
    const r = runCli(['scan', '.', '--format', format, '--baseline', '--report-unused'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('multi.ts');
    expect(leaksAny(r.stdout + r.stderr)).toBe(false);
    const out = runCli(['scan', '.', '--format', format, '--baseline', '--output', `report.${format}`], { cwd: dir });
    expect(out.code).toBe(1);
    expect(leaksAny(readFileSync(join(dir, `report.${format}`), 'utf8') + out.stdout + out.stderr)).toBe(false);
  });

  it('the baseline file holds none of the secrets', () => {
    expect(leaksAny(readFileSync(join(dir, '.leakproof-baseline.json'), 'utf8'))).toBe(false);
  });

  it.each(['sarif', 'github', 'junit', 'gitlab'])('--show-secrets is refused for %s (exit 2, one line)', (format) => {
    const r = runCli(['scan', '.', '--format', format, '--show-secrets'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('leakproof: --show-secrets works with --format text or json only\n');
    expect(leaksAny(r.stdout)).toBe(false);
  });
});

describe('shapes from the CLI', () => {
  const run = (format: string): string => runCli(['scan', '.', '--format', format, '--baseline'], { cwd: dir }).stdout;

  it('sarif 2.1.0 with GitHub\'s security-severity on every rule', () => {
    const sarif = JSON.parse(run('sarif'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results).toHaveLength(2);
    for (const rule of sarif.runs[0].tool.driver.rules) expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
  });

  it('junit is well-formed XML', () => {
    const xml = run('junit');
    expect(xmlProblem(xml)).toBeNull();
    expect(xml).toContain('failures="2"');
  });

  it('gitlab carries the required fields', () => {
    const report = JSON.parse(run('gitlab'));
    expect(report.scan.type).toBe('secret_detection');
    for (const v of report.vulnerabilities) {
      expect(v).toMatchObject({ category: 'secret_detection', id: expect.any(String), name: expect.any(String), severity: expect.any(String) });
      expect(v.location).toMatchObject({ file: expect.any(String), start_line: expect.any(Number), commit: { sha: expect.any(String) } });
      expect(v.identifiers.length).toBeGreaterThan(0);
    }
  });

  it('github: one annotation per finding, with escaped properties', () => {
    const lines = run('github').trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(2);
    expect(lines).toContain('::error file=src/a%2Cb%3Ac.ts,line=1,endLine=1,col=12,endColumn=41,title=leakproof%3A test-token (high)::Test token: tstk…');
  });
});
