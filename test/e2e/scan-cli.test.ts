import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_RULE_TOML, fakeTestToken } from '../helpers/fake-secrets.js';
import { CLI, leaks, runCli, tempDir } from '../helpers/run-cli.js';

let dir: string;
let token: string;

function write(rel: string, text: string | Buffer): void {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

beforeEach(() => {
  dir = tempDir();
  token = fakeTestToken();
  write('.leakproof.toml', TEST_RULE_TOML);
});

describe('leakproof scan (exit codes)', () => {
  it('exits 0 on a clean tree and prints the summary', () => {
    write('src/a.ts', 'export const a = 1;\n');
    const r = runCli(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^0 high, 0 medium, 0 low \| 2 files \(.+\) scanned in \d+ ms$/m);
  });
  it('exits 1 with the finding grouped by file, at the right line and column, redacted', () => {
    write('src/x.ts', `const a = 1;\nconst t = "${token}";\n`);
    const r = runCli(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('src/x.ts\n  [HIGH] Test token  src/x.ts:2:12  tstk…');
    expect(r.stdout).toMatch(/1 high, 0 medium, 0 low \| 2 files/);
    expect(leaks(r.stdout + r.stderr, token)).toBe(false);
  });
  it('honours --fail-on', () => {
    write('x.txt', token);
    expect(runCli(['scan', '.', '--fail-on', 'high'], { cwd: dir }).code).toBe(1);
    expect(runCli(['scan', '.', '--fail-on', 'never'], { cwd: dir }).code).toBe(0);
  });
  it('exits 2 with one line on bad input', () => {
    for (const args of [['scan', '--bogus'], ['scan', 'missing-dir'], ['scan', '.', '--format', 'xml'], ['scan', '.', '--fail-on', 'critical'], ['scan', '.', '--format', 'sarif', '--show-secrets']]) {
      const r = runCli(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^leakproof: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
  it('exits 2 naming the file and rule for a bad rule in the config', () => {
    write('.leakproof.toml', TEST_RULE_TOML.replace(String.raw`\b(tstk_`, String.raw`(?<=x)(tstk_`));
    const r = runCli(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^leakproof: \.leakproof\.toml:2: rule "test-token": regex rejected by RE2/);
  });
  it('exits 3 and names what was not scanned when a file is too large', () => {
    write('big.txt', 'a'.repeat(4096));
    write('small.txt', 'ok');
    const r = runCli(['scan', '.', '--max-file-size', '1KB'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('big.txt: larger than --max-file-size');
  });
  it('exits 3 when a file cannot be read', () => {
    if (process.getuid?.() === 0) return; // root reads everything; covered by the size case
    write('locked.txt', 'x');
    chmodSync(join(dir, 'locked.txt'), 0o000);
    expect(runCli(['scan', '.'], { cwd: dir }).code).toBe(3);
  });
  it('exits 3 when nothing at all was scanned, unless --allow-empty', () => {
    const empty = tempDir();
    expect(runCli(['scan', '.'], { cwd: empty }).code).toBe(3);
    expect(runCli(['scan', '.', '--allow-empty'], { cwd: empty }).code).toBe(0);
  });
});

describe('leakproof scan (formats)', () => {
  beforeEach(() => write('app/config.js', `module.exports = {\n  key: "${token}",\n};\n`));

  it('json: version, findings with locations and fingerprint, summary, no secret', () => {
    const r = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.version).toBe(1);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ ruleId: 'test-token', severity: 'high', file: 'app/config.js', line: 2, column: 9, endLine: 2, endColumn: 9 + token.length, preview: 'tstk…' });
    expect(report.findings[0].fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(report.findings[0]).not.toHaveProperty('secret');
    expect(report.summary).toMatchObject({ files: 2, skipped: [] });
    expect(leaks(r.stdout, token)).toBe(false);
  });
  it('sarif: 2.1.0 with rule metadata, level and region', () => {
    const r = runCli(['scan', '.', '--format', 'sarif'], { cwd: dir });
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.rules[0]).toMatchObject({ id: 'test-token', properties: { 'security-severity': expect.any(String) } });
    expect(run.results[0]).toMatchObject({ ruleId: 'test-token', level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: 'app/config.js' }, region: { startLine: 2, startColumn: 9 } } }] });
    expect(leaks(r.stdout, token)).toBe(false);
  });
  it('--output writes the report to a file and still exits 1', () => {
    const r = runCli(['scan', '.', '--format', 'json', '--output', 'report.json'], { cwd: dir });
    expect(r.code).toBe(1);
    const text = readFileSync(join(dir, 'report.json'), 'utf8');
    expect(JSON.parse(text).findings).toHaveLength(1);
    expect(leaks(text + r.stdout + r.stderr, token)).toBe(false);
  });
  it('--show-secrets is the only way to see the secret', () => {
    expect(runCli(['scan', '.', '--show-secrets'], { cwd: dir }).stdout).toContain(token);
    expect(JSON.parse(runCli(['scan', '.', '--format', 'json', '--show-secrets'], { cwd: dir }).stdout).findings[0].secret).toBe(token);
  });
  it('--quiet prints nothing when clean and findings only otherwise', () => {
    expect(runCli(['scan', '.', '-q'], { cwd: dir }).stdout).not.toMatch(/files .* scanned/);
    const clean = tempDir();
    writeFileSync(join(clean, 'a.txt'), 'nothing');
    expect(runCli(['scan', '.', '-q'], { cwd: clean }).stdout).toBe('');
  });
});

describe('leakproof scan (sources)', () => {
  it('honours .gitignore and .leakproofignore, nested, and never enters .git', () => {
    write('.gitignore', 'build/\n*.log\n');
    write('pkg/.gitignore', 'secret.txt\n');
    write('.leakproofignore', 'vendor/\n');
    for (const p of ['build/a.js', 'x.log', 'pkg/secret.txt', 'vendor/v.js', '.git/config']) write(p, token);
    write('pkg/kept.txt', token);
    const r = JSON.parse(runCli(['scan', '.', '--format', 'json'], { cwd: dir }).stdout);
    expect(r.findings.map((f: { file: string }) => f.file)).toEqual(['pkg/kept.txt']);
  });
  it('scans an explicitly named file even when it is ignored', () => {
    write('.gitignore', '*.log\n');
    write('x.log', token);
    expect(runCli(['scan', 'x.log'], { cwd: dir }).code).toBe(1);
  });
  it('does not follow symlinks', () => {
    const outside = tempDir();
    writeFileSync(join(outside, 'secret.txt'), token);
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'link.txt'));
    symlinkSync(outside, join(dir, 'linkdir'));
    write('a.txt', 'clean');
    expect(runCli(['scan', '.'], { cwd: dir }).code).toBe(0);
  });
  // spawnSync with a timeout: a hang fails the test instead of blocking the run.
  const runBounded = (args: readonly string[]) => {
    const res = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, input: '', env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 20_000 });
    return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr, timedOut: res.error !== undefined };
  };
  it.skipIf(process.platform === 'win32')('reports a FIFO named on the command line as not scanned (exit 3), without hanging', () => {
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    write('a.txt', 'clean');
    const r = runBounded(['scan', 'pipe', 'a.txt']);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/pipe.*not a regular file/);
  });
  it.skipIf(process.platform === 'win32')('reports a FIFO met in a folder walk as not scanned (exit 3), unless ignored', () => {
    mkdirSync(join(dir, 'sub'));
    execFileSync('mkfifo', [join(dir, 'sub', 'pipe')]);
    write('a.txt', 'clean');
    const r = runBounded(['scan', '.']);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/sub\/pipe.*not a regular file/);
    write('.leakproofignore', 'sub/pipe\n');
    expect(runBounded(['scan', '.']).code).toBe(0);
  });
  it.skipIf(process.platform === 'win32')('does not hang on a FIFO .gitignore or .leakproofignore, and still scans the folder', () => {
    execFileSync('mkfifo', [join(dir, '.gitignore')]);
    mkdirSync(join(dir, 'sub'));
    execFileSync('mkfifo', [join(dir, 'sub', '.leakproofignore')]);
    write('sub/x.txt', token);
    const r = runBounded(['scan', '.']);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    expect(leaks(r.stdout + r.stderr, token)).toBe(false);
  });
  it.skipIf(process.platform !== 'linux')('does not read a .gitignore linked to /dev/zero', () => {
    symlinkSync('/dev/zero', join(dir, '.gitignore'));
    write('x.txt', token);
    const r = runBounded(['scan', '.']);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
  });
  it('reads stdin with - and reports --stdin-filename', () => {
    const r = runCli(['scan', '-', '--stdin-filename', 'pasted/env.txt', '--format', 'json'], { cwd: dir, input: `\n\nTOKEN=${token}\n` });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ file: 'pasted/env.txt', line: 3, column: 7 });
  });
  it('reports paths relative to a single folder argument', () => {
    write('sub/deep/a.txt', token);
    const r = JSON.parse(runCli(['scan', 'sub', '--format', 'json', '--config', '.leakproof.toml'], { cwd: dir }).stdout);
    expect(r.findings[0].file).toBe('deep/a.txt');
  });
  it('applies config path allowlists', () => {
    write('.leakproof.toml', `${TEST_RULE_TOML}\n[allowlist]\npaths = ["fixtures/**"]\n`);
    write('fixtures/f.txt', token);
    write('src/ok.txt', 'fine');
    expect(runCli(['scan', '.'], { cwd: dir }).code).toBe(0);
  });
});
