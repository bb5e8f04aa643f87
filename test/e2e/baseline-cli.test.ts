/** `baseline create|update` and `scan --baseline`: content-keyed, drift-proof, no secret in the file. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeTestToken, TEST_RULE_TOML } from '../helpers/fake-secrets.js';
import { leaks, runCli, tempDir } from '../helpers/run-cli.js';

let dir: string;
let token: string;

function write(rel: string, text: string): void {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
}
const read = (rel: string): string => readFileSync(join(dir, rel), 'utf8');

interface Report {
  findings: { file: string; line: number }[];
  summary: { baseline?: { file: string; suppressed: number; unused?: { path?: string; rule: string }[] } };
}
function scan(...args: string[]): { code: number; report: Report; output: string } {
  const r = runCli(['scan', '.', '--format', 'json', ...args], { cwd: dir });
  return { code: r.code, report: JSON.parse(r.stdout || '{}') as Report, output: r.stdout + r.stderr };
}

beforeEach(() => {
  dir = tempDir('lp-base-');
  token = fakeTestToken();
  write('.leakproof.toml', TEST_RULE_TOML);
  write('src/config.ts', `export const a = 1;\nexport const key = "${token}";\n`);
  const r = runCli(['baseline', 'create'], { cwd: dir });
  expect(r.code).toBe(0);
  expect(r.stdout).toBe('wrote .leakproof-baseline.json: 1 entry (1 added, 0 removed)\n');
});

describe('baseline create', () => {
  it('writes keyed fingerprints only: no secret, no line, no timestamp', () => {
    const text = read('.leakproof-baseline.json');
    expect(leaks(text, token)).toBe(false);
    const doc = JSON.parse(text);
    expect(doc.salt).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.entries).toEqual([{ path: 'src/config.ts', rule: 'test-token', fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/) }]);
    // The report's public fingerprint is not the baseline's keyed one.
    const reported = JSON.parse(runCli(['scan', '.', '--format', 'json'], { cwd: dir }).stdout).findings[0].fingerprint;
    expect(text).not.toContain(reported);
  });
  it('refuses to replace a baseline without --force, and --force makes a new salt', () => {
    const before = JSON.parse(read('.leakproof-baseline.json')).salt;
    const again = runCli(['baseline', 'create'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^leakproof: \.leakproof-baseline\.json exists; use `leakproof baseline update`/);
    expect(runCli(['baseline', 'create', '--force'], { cwd: dir }).code).toBe(0);
    expect(JSON.parse(read('.leakproof-baseline.json')).salt).not.toBe(before);
  });
  it('writes nothing when the scan is incomplete (exit 3)', () => {
    write('big.txt', 'x'.repeat(4096));
    const r = runCli(['baseline', 'create', '--force', '-o', 'other.json', '--max-file-size', '1KB'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/big\.txt: larger than --max-file-size.*other\.json not written/);
    expect(existsSync(join(dir, 'other.json'))).toBe(false);
  });
});

describe('scan --baseline', () => {
  it('reports nothing that the baseline lists, and counts it', () => {
    expect(scan().code).toBe(1);
    const r = scan('--baseline');
    expect(r.code).toBe(0);
    expect(r.report.findings).toEqual([]);
    expect(r.report.summary.baseline).toEqual({ file: '.leakproof-baseline.json', suppressed: 1 });
  });

  it('survives edits above the secret', () => {
    write('src/config.ts', `// new header\nimport x from 'y';\n\nexport const a = 1;\nexport const key = "${token}";\n`);
    expect(scan('--baseline').code).toBe(0);
  });

  it('reports a new secret on a baselined line', () => {
    const fresh = fakeTestToken();
    write('src/config.ts', `export const a = 1;\nexport const key = "${token}", key2 = "${fresh}";\n`);
    const r = scan('--baseline');
    expect(r.code).toBe(1);
    expect(r.report.findings).toEqual([expect.objectContaining({ file: 'src/config.ts', line: 2 })]);
    expect(r.report.summary.baseline?.suppressed).toBe(1);
    expect(leaks(r.output, fresh) || leaks(r.output, token)).toBe(false);
  });

  it('reports the baselined secret copied into another file, unless the entry is unscoped', () => {
    write('src/other.ts', `k = "${token}"\n`);
    expect(scan('--baseline').report.findings.map((f) => f.file)).toEqual(['src/other.ts']);
    expect(runCli(['baseline', 'create', '--force', '--any-path'], { cwd: dir }).code).toBe(0);
    expect(scan('--baseline').code).toBe(0);
  });

  it('--report-unused lists entries that no longer match; --fail-on-unused fails on them', () => {
    write('src/config.ts', 'export const a = 1;\n');
    const r = scan('--baseline', '--report-unused');
    expect(r.code).toBe(0);
    expect(r.report.summary.baseline?.unused).toEqual([{ path: 'src/config.ts', rule: 'test-token', fingerprint: expect.any(String) }]);
    expect(scan('--baseline', '--fail-on-unused').code).toBe(1);
    const text = runCli(['scan', '.', '--baseline', '--report-unused'], { cwd: dir }).stdout;
    expect(text).toMatch(/Unused baseline entries \(1\) in \.leakproof-baseline\.json/);
  });

  it('baseline update drops what is gone, adds what is new, keeps the salt', () => {
    const salt = JSON.parse(read('.leakproof-baseline.json')).salt;
    const fresh = fakeTestToken();
    write('src/config.ts', `export const a = 1;\n`);
    write('src/new.ts', `k = "${fresh}"\n`);
    const r = runCli(['baseline', 'update'], { cwd: dir });
    expect(r.stdout).toBe('wrote .leakproof-baseline.json: 1 entry (1 added, 1 removed)\n');
    const doc = JSON.parse(read('.leakproof-baseline.json'));
    expect(doc.salt).toBe(salt);
    expect(doc.entries.map((e: { path: string }) => e.path)).toEqual(['src/new.ts']);
    expect(leaks(read('.leakproof-baseline.json'), fresh)).toBe(false);
  });

  it('the config can name the baseline; --no-baseline turns it off', () => {
    write('.leakproof.toml', `baseline = ".leakproof-baseline.json"\n${TEST_RULE_TOML}`);
    expect(scan().code).toBe(0);
    expect(scan('--no-baseline').code).toBe(1);
  });

  it('a missing or malformed baseline is an error, not an empty one', () => {
    const missing = runCli(['scan', '.', '--baseline', 'nope.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^leakproof: nope\.json: baseline not found/);
    write('bad.json', '{"leakproof": "baseline", "version": 1, "salt": "x", "entries": []}');
    const bad = runCli(['scan', '.', '--baseline', 'bad.json'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('leakproof: bad.json:1: "salt" must be 64 lower-case hex characters\n');
  });

  it('the baseline file is never reported, unless a path in it hides a secret', () => {
    // A rule that fires on the baseline's own hex: the file is still not reported (recognised by content).
    const hexRule = [
      '[[rules]]',
      'id = "hex-fingerprint"',
      'description = "Hex value named fingerprint"',
      'severity = "low"',
      'keywords = ["fingerprint"]',
      `regex = '''"fingerprint": "([0-9a-f]{32})"'''`,
      `examples = ['"fingerprint": "9f86d081884c7d659a2feaa0c55ad015"', '{"fingerprint": "e3b0c44298fc1c149afbf4c8996fb924"}']`,
      `negativeExamples = ['"fingerprint": "9f86d0"', '"fingerprint": "not hex at all, no no no no no no"']`,
    ].join('\n');
    write('.leakproof.toml', `${TEST_RULE_TOML}\n${hexRule}\n`);
    write('elsewhere.json', `{"fingerprint": "${JSON.parse(read('.leakproof-baseline.json')).entries[0].fingerprint}"}\n`);
    expect(scan().report.findings.map((f) => f.file).sort()).toEqual(['elsewhere.json', 'src/config.ts']);
    const doc = JSON.parse(read('.leakproof-baseline.json'));
    doc.entries.push({ path: `notes/${fakeTestToken()}.txt`, rule: 'test-token', fingerprint: 'a'.repeat(32) });
    write('.leakproof-baseline.json', JSON.stringify(doc, null, 2));
    expect([...new Set(scan().report.findings.map((f) => f.file))].sort()).toEqual(['.leakproof-baseline.json', 'elsewhere.json', 'src/config.ts']);
  });
});
