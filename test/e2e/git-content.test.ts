/**
 * The pre-commit hook against every kind of content a commit can carry: attributes that hide
 * diffs, binary and UTF-16 files, symlinks, submodules, Git LFS pointers, unusual path names,
 * intent-to-add entries — with a real `git commit`, in SHA-1 and SHA-256 repositories.
 */
import { createHash } from 'node:crypto';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeTestToken } from '../helpers/fake-secrets.js';
import { copyRepo, createRepo, createSandbox, expectBlocked, expectCommitted, FORMATS, lines, type Sandbox, type TestRepo, yieldToEventLoop } from '../helpers/git-repo.js';

describe.each(FORMATS)('git commit content kinds (%s)', (format) => {
  let sandbox: Sandbox;
  /** Hooks installed, one clean commit (README.md, app.txt). */
  let base: TestRepo;

  beforeAll(() => {
    sandbox = createSandbox();
    base = createRepo(sandbox, format, { install: true });
    base.write('README.md', '# demo\n');
    base.write('app.txt', lines('one', 'two', 'three'));
    base.commitUnchecked('initial', 'README.md', 'app.txt');
  });
  afterAll(() => sandbox.cleanup());
  afterEach(yieldToEventLoop);

  it('is not switched off by a -diff attribute', () => {
    const repo = copyRepo(base);
    repo.write('.gitattributes', 'secret.txt -diff\n');
    repo.commitUnchecked('attributes', '.gitattributes');
    const secret = fakeTestToken();
    repo.write('secret.txt', `${secret}\n`);
    repo.ok('add', 'secret.txt');
    expectBlocked(repo.commit(['-m', 'hidden from diff']), secret);
  });

  it('finds a secret in binary content marked binary', () => {
    const repo = copyRepo(base);
    repo.write('.gitattributes', '*.bin binary\n');
    const secret = fakeTestToken();
    repo.write('blob.bin', Buffer.concat([Buffer.from([0, 1, 2, 0, 255]), Buffer.from(` ${secret} `), Buffer.alloc(64)]));
    repo.ok('add', '.gitattributes', 'blob.bin');
    expectBlocked(repo.commit(['-m', 'binary']), secret);
  });

  it('finds a secret in a UTF-16 file and reports its line', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.write('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`line one\r\nline two\r\ntoken ${secret}\r\n`, 'utf16le')]));
    repo.ok('add', 'utf16.txt');
    const res = repo.commit(['-m', 'utf16']);
    expectBlocked(res, secret);
    expect(res.output).toContain('utf16.txt:3');
  });

  it('scans a symlink target string', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    symlinkSync(`../config/${secret}`, join(repo.dir, 'link'));
    repo.ok('add', 'link');
    expectBlocked(repo.commit(['-m', 'symlink']), secret);
  });

  it('scans a file that becomes a symlink (type change)', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.ok('rm', '-q', 'app.txt');
    symlinkSync(`/etc/${secret}`, join(repo.dir, 'app.txt'));
    repo.ok('add', 'app.txt');
    expectBlocked(repo.commit(['-m', 'typechange']), secret);
  });

  it('treats a submodule gitlink as nothing to scan', () => {
    const sub = createRepo(sandbox, format, { config: false });
    const secret = fakeTestToken();
    sub.write('inner.txt', `${secret}\n`);
    sub.commitUnchecked('inner', 'inner.txt');
    const repo = copyRepo(base);
    repo.ok('submodule', '--quiet', 'add', sub.dir, 'sub');
    const res = repo.commit(['-m', 'add submodule']);
    expectCommitted(res, secret);
    expect(res.code).toBe(0);
  });

  it('scans a Git LFS object when it is present', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    stageLfs(repo, 'model.bin', Buffer.from(`weights\napi = ${secret}\n`), true);
    const res = repo.commit(['-m', 'lfs']);
    expectBlocked(res, secret);
    expect(res.output).toContain('model.bin:2');
  });

  it('blocks (incomplete, exit 3) when a staged Git LFS object is missing', () => {
    const repo = copyRepo(base);
    stageLfs(repo, 'model.bin', Buffer.from('weights\n'), false);
    const res = repo.commit(['-m', 'lfs without object']);
    expect(res.committed).toBe(false);
    // git exits 1 whatever the hook returned; the hook says leakproof's own code.
    expect(res.output).toContain('could not finish (exit 3');
    expect(res.output).toMatch(/model\.bin: Git LFS object [0-9a-f]{12} is not present locally/);
  });

  it('handles paths with spaces, newlines, quotes, non-ASCII and a leading dash', () => {
    const repo = copyRepo(base);
    const names = ['with space.txt', 'new\nline.txt', `quote"'.txt`, 'ünïcödé-ß.txt', '-dash.txt'];
    const secrets = names.map(() => fakeTestToken());
    names.forEach((n, i) => repo.write(n, `v = ${secrets[i] ?? ''}\n`));
    repo.ok('add', '--', ...names);
    const res = repo.commit(['-m', 'odd names']);
    for (const s of secrets) expectBlocked(res, s);
    const json = repo.leakproof(['scan', '--staged', '--format', 'json']);
    expect(json.code).toBe(1);
    const files = (JSON.parse(json.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file).sort();
    expect(files).toEqual([...names].sort());
  });

  it('does not scan intent-to-add entries until their content is staged', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.write('later.txt', `${secret}\n`);
    repo.ok('add', '-N', 'later.txt');
    repo.write('README.md', '# demo 2\n');
    repo.ok('add', 'README.md');
    expectCommitted(repo.commit(['-m', 'readme only']), secret);
    expect(repo.ok('show', '--name-only', '--format=', 'HEAD')).toBe('README.md');
    expectBlocked(repo.commit(['-a', '-m', 'now with content']), secret);
  });

  it('honours an inline leakproof:allow on the line', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.write('fixture.txt', `example = "${secret}" # leakproof:allow test-token\n`);
    repo.ok('add', 'fixture.txt');
    expectCommitted(repo.commit(['-m', 'allowed fixture']), secret);
  });

});

/** Stages `path` as a Git LFS pointer, with or without the object in .git/lfs (no git-lfs needed). */
function stageLfs(repo: TestRepo, path: string, content: Buffer, withObject: boolean): void {
  const oid = createHash('sha256').update(content).digest('hex');
  const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${content.length}\n`;
  if (withObject) repo.write(join('.git/lfs/objects', oid.slice(0, 2), oid.slice(2, 4), oid), content);
  repo.write(path, pointer);
  repo.write('.gitattributes', `${path} filter=lfs diff=lfs merge=lfs -text\n`);
  // No git-lfs here: stage the pointer bytes as git-lfs's clean filter would.
  const blob = repo.ok('hash-object', '-w', '--no-filters', path);
  repo.ok('update-index', '--add', '--cacheinfo', `100644,${blob},${path}`);
  repo.ok('add', '.gitattributes');
}
