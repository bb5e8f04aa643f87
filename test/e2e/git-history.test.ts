/**
 * `leakproof scan --git [range]` on real histories: secrets buried and removed, introduced by a
 * merge's conflict resolution, in commit messages; ranges, empty ranges and bad input — in
 * SHA-1 and SHA-256 repositories.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeTestToken } from '../helpers/fake-secrets.js';
import { copyRepo, createRepo, createSandbox, FORMATS, type ImportedCommit, importHistory, type Sandbox, type TestRepo, yieldToEventLoop } from '../helpers/git-repo.js';
import { leaks } from '../helpers/run-cli.js';

interface JsonFinding {
  readonly file: string;
  readonly line: number;
  readonly ruleId: string;
  readonly provenance?: { readonly kind: string; readonly commit?: string; readonly authorDate?: string; readonly message?: boolean };
}

function findings(stdout: string): JsonFinding[] {
  return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
}

describe.each(FORMATS)('leakproof scan --git (%s)', (format) => {
  let sandbox: Sandbox;
  let base: TestRepo;

  beforeAll(() => {
    sandbox = createSandbox();
    base = createRepo(sandbox, format);
    base.write('README.md', '# demo\n');
    base.commitUnchecked('initial', 'README.md');
  });
  afterAll(() => sandbox.cleanup());
  afterEach(yieldToEventLoop);

  it('finds a secret buried in history and names the commit that added it', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.write('config.txt', `a\nkey = ${secret}\n`);
    const added = repo.commitUnchecked('add config', 'config.txt');
    repo.write('config.txt', 'a\nkey = from-env\n');
    repo.commitUnchecked('remove the key', 'config.txt');
    for (let i = 0; i < 3; i++) {
      repo.write('config.txt', `a\nkey = from-env\nversion ${i}\n`);
      repo.commitUnchecked(`edit ${i}`, 'config.txt');
    }
    const res = repo.leakproof(['scan', '--git', '--format', 'json']);
    expect(res.code, res.stderr).toBe(1);
    const found = findings(res.stdout);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: 'config.txt', line: 2, ruleId: 'test-token', provenance: { kind: 'commit', commit: added } });
    expect(found[0]?.provenance?.authorDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(res.stderr).toContain('6 commits (all refs)');
    expect(leaks(res.output, secret)).toBe(false);
  });

  it('reports a secret first written by a merge conflict resolution, once, at the merge', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    const theirs = fakeTestToken();
    repo.ok('checkout', '-q', '-b', 'side');
    repo.write('m.txt', `side ${theirs}\n`);
    const sideCommit = repo.commitUnchecked('side', 'm.txt');
    repo.ok('checkout', '-q', 'main');
    repo.write('m.txt', 'main\n');
    repo.commitUnchecked('main', 'm.txt');
    expect(repo.git(['merge', '-q', 'side']).code).not.toBe(0);
    repo.write('m.txt', `main\nside ${theirs}\nresolution ${secret}\n`);
    repo.ok('add', 'm.txt');
    repo.ok('commit', '-q', '--no-verify', '--no-edit');
    const merge = repo.rev();
    const res = repo.leakproof(['scan', '--git', '--format', 'json']);
    expect(res.code).toBe(1);
    const found = findings(res.stdout);
    // The side branch's secret is charged to its own commit, not again to the merge.
    expect(found.map((f) => [f.line, f.provenance?.commit])).toEqual(
      expect.arrayContaining([
        [1, sideCommit],
        [3, merge],
      ]),
    );
    expect(found).toHaveLength(2);
    expect(leaks(res.output, secret) || leaks(res.output, theirs)).toBe(false);
  });

  it('scans a history large enough for worker threads, each planted secret once, without stalling', () => {
    const repo = createRepo(sandbox, format);
    // ~12 MB of file versions: past the 4 MB the scan does on the main thread before workers.
    const filler = (i: number): string => Array.from({ length: 120 }, (_, j) => `const v${j} = ${(i * 7919 + j) % 100003}; // padding line`).join('\n');
    const secrets = [fakeTestToken(), fakeTestToken(), fakeTestToken()];
    const commits: ImportedCommit[] = [];
    for (let i = 0; i < 2000; i++) {
      const planted = i % 700 === 350 ? `\nconst key = '${secrets[Math.floor(i / 700)] ?? ''}';` : '';
      commits.push({ message: `change ${i}`, files: { [`f${i % 10}.ts`]: `${filler(i)}${planted}\n` } });
    }
    importHistory(repo, commits);
    const res = repo.leakproof(['scan', '--git', '--threads', '2', '--format', 'json']);
    expect(res.code, res.stderr).toBe(1);
    const found = findings(res.stdout);
    expect(found.map((f) => f.line)).toEqual([121, 121, 121]);
    expect(new Set(found.map((f) => f.provenance?.commit)).size).toBe(3);
    for (const s of secrets) expect(leaks(res.output, s)).toBe(false);
  });

  it('scans commit messages', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.ok('commit', '-q', '--no-verify', '--allow-empty', '-m', 'subject', '-m', `body with ${secret}`);
    const res = repo.leakproof(['scan', '--git', 'HEAD~1..HEAD', '--format', 'json']);
    expect(res.code).toBe(1);
    expect(findings(res.stdout)).toEqual([
      expect.objectContaining({ file: '<commit message>', line: 3, provenance: expect.objectContaining({ message: true, commit: repo.rev() }) }),
    ]);
    expect(leaks(res.output, secret)).toBe(false);
  });

  it('limits a range scan to the commits in the range', () => {
    const repo = copyRepo(base);
    const old = fakeTestToken();
    repo.write('old.txt', `${old}\n`);
    repo.commitUnchecked('old secret', 'old.txt');
    repo.ok('branch', 'base-point');
    repo.write('old.txt', `${old}\nclean addition\n`);
    repo.write('new.txt', 'fine\n');
    repo.commitUnchecked('edit in range', 'old.txt', 'new.txt');
    const res = repo.leakproof(['scan', '--git', 'base-point..HEAD']);
    expect(res.code, res.output).toBe(0);
    expect(res.stderr).toContain('1 commit in base-point..HEAD');
    expect(repo.leakproof(['scan', '--git', 'HEAD~2..HEAD']).code).toBe(1);
  });

  it('treats an empty range as a clean no-op and reports 0 commits', () => {
    const res = base.leakproof(['scan', '--git', 'HEAD..HEAD']);
    expect(res.code, res.output).toBe(0);
    expect(res.stderr).toContain('0 commits in HEAD..HEAD');
  });

  it('rejects a bad range with one line and exit 2', () => {
    const res = base.leakproof(['scan', '--git', 'no-such-branch..HEAD']);
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain('unknown revision or range "no-such-branch..HEAD"');
    // Revisions never reach git as options.
    expect(base.leakproof(['scan', '--git=--output=/tmp/x']).code).toBe(2);
  });

  it('says "not a git repository" with exit 2 outside a repository', () => {
    for (const flags of [['--staged'], ['--git'], ['--pre-push', 'origin']]) {
      const res = base.leakproof(['scan', ...flags], { cwd: sandbox.home });
      expect(res.code).toBe(2);
      expect(res.stderr.trim()).toBe(`leakproof: not a git repository: ${sandbox.home}`);
    }
  });

  it('scans a bare repository with --git and refuses --staged there', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.write('s.txt', `${secret}\n`);
    repo.commitUnchecked('s', 's.txt');
    const bare = `${repo.dir}.git`;
    repo.ok('clone', '-q', '--bare', repo.dir, bare);
    // No working tree, so no .leakproof.toml to discover: name it.
    expect(repo.leakproof(['scan', '--git', '--config', `${repo.dir}/.leakproof.toml`], { cwd: bare }).code).toBe(1);
    const staged = repo.leakproof(['scan', '--staged'], { cwd: bare });
    expect(staged.code).toBe(2);
    expect(staged.stderr).toContain('bare repository');
  });

  it('never reports clean when git fails mid-way (timeout)', () => {
    const res = base.leakproof(['scan', '--git'], { env: { LEAKPROOF_GIT_TIMEOUT_MS: '1' } });
    expect([2, 3]).toContain(res.code);
    expect(res.stderr).toMatch(/timed out|killed/);
  });

  it('exits 2 with one line when git is not installed', () => {
    const res = base.leakproof(['scan', '--staged'], { env: { PATH: sandbox.bin } });
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe('leakproof: git is not installed or not on PATH');
  });
});
