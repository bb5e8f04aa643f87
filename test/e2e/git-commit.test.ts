/**
 * The pre-commit and pre-merge-commit hooks as users meet them: installed by `guard install`,
 * run by a real `git commit` / `git merge`, in SHA-1 and SHA-256 repositories. Each scenario
 * asserts whether the commit happened (HEAD before/after) and that the planted secret never
 * appears in any output.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeTestToken } from '../helpers/fake-secrets.js';
import { copyRepo, createRepo, createSandbox, expectBlocked, expectCommitted, FORMATS, lines, type Sandbox, type TestRepo, yieldToEventLoop } from '../helpers/git-repo.js';
import { leaks } from '../helpers/run-cli.js';

describe.each(FORMATS)('git commit with the leakproof hook (%s)', (format) => {
  let sandbox: Sandbox;
  /** Hooks installed, no commits yet. */
  let empty: TestRepo;
  /** Hooks installed, one clean commit (README.md, app.txt). */
  let base: TestRepo;

  beforeAll(() => {
    sandbox = createSandbox();
    empty = createRepo(sandbox, format, { install: true });
    base = copyRepo(empty);
    base.write('README.md', '# demo\n');
    base.write('app.txt', lines('one', 'two', 'three'));
    base.commitUnchecked('initial', 'README.md', 'app.txt');
  });
  afterAll(() => sandbox.cleanup());
  afterEach(yieldToEventLoop);

  it('blocks a commit that adds a secret and says how to fix it', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.write('app.txt', lines('one', `token = ${secret}`, 'two', 'three'));
    repo.ok('add', 'app.txt');
    const res = repo.commit(['-m', 'add token']);
    expectBlocked(res, secret);
    expect(res.code).toBe(1);
    expect(res.output).toContain('app.txt:2');
    expect(res.output).toContain('test-token');
    expect(res.output).toContain('commit blocked');
    expect(res.output).toContain('leakproof:allow');
    expect(res.output).toContain('leakproof scan --git origin/main..HEAD');
  });

  it('lets a clean commit through', () => {
    const repo = copyRepo(base);
    repo.write('app.txt', lines('one', 'two', 'three', 'four'));
    repo.ok('add', 'app.txt');
    expectCommitted(repo.commit(['-m', 'clean']));
  });

  it('lets a commit that removes a secret through', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.write('app.txt', lines('one', secret, 'two'));
    repo.commitUnchecked('leak', 'app.txt');
    repo.write('app.txt', lines('one', 'two'));
    repo.ok('add', 'app.txt');
    expectCommitted(repo.commit(['-m', 'remove the token']), secret);
  });

  it('lets a commit that deletes a file holding a secret through', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.write('creds.txt', `${secret}\n`);
    repo.commitUnchecked('leak', 'creds.txt');
    repo.ok('rm', '-q', 'creds.txt');
    expectCommitted(repo.commit(['-m', 'delete creds']), secret);
  });

  it('blocks git commit -a (the temporary index.lock is scanned)', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.write('app.txt', lines('one', `key: ${secret}`));
    expectBlocked(repo.commit(['-a', '-m', 'all']), secret);
  });

  it('blocks git commit <path> and passes git commit <other path> while a secret stays staged', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.write('secret.txt', `${secret}\n`);
    repo.write('README.md', '# demo\n\nmore\n');
    repo.ok('add', 'secret.txt', 'README.md');
    expectBlocked(repo.commit(['-m', 'only secret', '--', 'secret.txt']), secret);
    // The commit holds README.md only: git scans a next-index that lacks secret.txt.
    const res = repo.commit(['-m', 'only readme', '--', 'README.md']);
    expectCommitted(res, secret);
    expect(repo.ok('show', '--name-only', '--format=', 'HEAD')).toBe('README.md');
  });

  it('blocks git commit --amend that adds a secret', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.write('app.txt', lines('one', secret));
    repo.ok('add', 'app.txt');
    expectBlocked(repo.commit(['--amend', '--no-edit']), secret);
  });

  it('partially staged: a secret only in the working tree does not block', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.write('app.txt', lines('one', 'two', 'three', 'staged line'));
    repo.ok('add', 'app.txt');
    repo.write('app.txt', lines('one', 'two', 'three', 'staged line', `unstaged ${secret}`));
    expectCommitted(repo.commit(['-m', 'staged part only']), secret);
  });

  it('partially staged: a staged secret removed from the working tree still blocks', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.write('app.txt', lines('one', `staged ${secret}`));
    repo.ok('add', 'app.txt');
    repo.write('app.txt', lines('one', 'cleaned in the tree only'));
    expectBlocked(repo.commit(['-m', 'sneaky']), secret);
  });

  it('blocks the first commit of a repository (unborn HEAD)', () => {
    const repo = copyRepo(empty);
    const secret = fakeTestToken();
    repo.write('init.txt', `${secret}\n`);
    repo.ok('add', 'init.txt');
    expectBlocked(repo.commit(['-m', 'first']), secret);
    expect(repo.rev()).toBe('');
  });

  it('lets a clean first commit through', () => {
    const repo = copyRepo(empty);
    repo.write('init.txt', 'hello\n');
    repo.ok('add', 'init.txt');
    expectCommitted(repo.commit(['-m', 'first']));
  });

  it('lets an empty commit through', () => {
    expectCommitted(copyRepo(base).commit(['--allow-empty', '-m', 'nothing']));
  });

  it('scans a renamed file in full at its new path', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.write('old/name.txt', `${secret}\n`);
    repo.commitUnchecked('before the guard', 'old/name.txt');
    repo.ok('mv', 'old/name.txt', 'new-name.txt');
    const res = repo.commit(['-m', 'rename']);
    expectBlocked(res, secret);
    expect(res.output).toContain('new-name.txt:1');
  });

  it('blocks a conflict resolution that keeps the secret and reports mid-conflict content', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.ok('checkout', '-q', '-b', 'other');
    repo.write('app.txt', lines('one', `theirs ${secret}`, 'three'));
    repo.commitUnchecked('theirs', 'app.txt');
    repo.ok('checkout', '-q', 'main');
    repo.write('app.txt', lines('one', 'ours', 'three'));
    repo.commitUnchecked('ours', 'app.txt');
    const merge = repo.git(['merge', '--no-edit', 'other']);
    expect(merge.code).not.toBe(0);
    // Unmerged entries: both sides are scanned, never "clean".
    const mid = repo.leakproof(['scan', '--staged']);
    expect(mid.code).toBe(1);
    expect(leaks(mid.output, secret)).toBe(false);
    repo.write('app.txt', lines('one', `ours and ${secret}`, 'three'));
    repo.ok('add', 'app.txt');
    expectBlocked(repo.commit(['--no-edit']), secret);
    repo.write('app.txt', lines('one', 'ours, resolved', 'three'));
    repo.ok('add', 'app.txt');
    const res = repo.commit(['--no-edit']);
    expectCommitted(res, secret);
    expect(repo.ok('rev-list', '--parents', '-n1', 'HEAD').split(' ')).toHaveLength(3);
  });

  it('pre-merge-commit blocks an automatic merge that brings a secret in', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.ok('checkout', '-q', '-b', 'feature');
    repo.write('app.txt', lines(`first ${secret}`, 'two', 'three'));
    repo.commitUnchecked('feature work (made with --no-verify)', 'app.txt');
    repo.ok('checkout', '-q', 'main');
    repo.write('app.txt', lines('one', 'two', 'three, edited on main'));
    repo.commitUnchecked('main work', 'app.txt');
    const before = repo.rev();
    const res = repo.git(['merge', '--no-edit', 'feature']);
    expect(res.code).not.toBe(0);
    expect(repo.rev()).toBe(before);
    expect(res.output).toContain('test-token');
    expect(leaks(res.output, secret)).toBe(false);
  });

  it('pre-merge-commit lets a clean automatic merge through', () => {
    const repo = copyRepo(base);
    repo.ok('checkout', '-q', '-b', 'feature');
    repo.write('app.txt', lines('one, edited', 'two', 'three'));
    repo.commitUnchecked('feature', 'app.txt');
    repo.ok('checkout', '-q', 'main');
    repo.write('README.md', '# demo, edited\n');
    repo.commitUnchecked('main', 'README.md');
    const res = repo.git(['merge', '--no-edit', 'feature']);
    expect(res.code, res.output).toBe(0);
    expect(repo.ok('rev-list', '--parents', '-n1', 'HEAD').split(' ')).toHaveLength(3);
  });

  it('guards commits made in a linked worktree', () => {
    const repo = copyRepo(base);
    const wt = `${repo.dir}-wt`;
    repo.ok('worktree', 'add', '-q', '-b', 'wt-branch', wt);
    const secret = fakeTestToken();
    writeFileSync(join(wt, '.leakproof.toml'), repo.read('.leakproof.toml'));
    writeFileSync(join(wt, 'wt.txt'), `${secret}\n`);
    expect(repo.git(['add', 'wt.txt'], { cwd: wt }).code).toBe(0);
    const before = repo.rev('wt-branch');
    const res = repo.git(['commit', '-m', 'in worktree'], { cwd: wt });
    expect(res.code).not.toBe(0);
    expect(res.output).toContain('wt.txt:1');
    expect(repo.rev('wt-branch')).toBe(before);
    expect(leaks(res.output, secret)).toBe(false);
  });

  it('does not block a mode change or a moved line of a secret already committed', () => {
    const repo = copyRepo(base);
    const secret = fakeTestToken();
    repo.write('legacy.txt', lines('a', secret, 'b'));
    repo.commitUnchecked('legacy', 'legacy.txt');
    repo.ok('update-index', '--chmod=+x', 'legacy.txt');
    expectCommitted(repo.commit(['-m', 'chmod']), secret);
    repo.write('legacy.txt', lines('a', 'b', 'c', secret));
    repo.ok('add', 'legacy.txt');
    expectCommitted(repo.commit(['-m', 'move the line']), secret);
  });

  it('runs the hook that was there before install first, and restores it on uninstall', () => {
    const repo = createRepo(sandbox, format);
    const marker = join(repo.dir, 'chained-ran');
    const foreign = `#!/bin/sh\necho ran >> "${marker}"\n`;
    repo.write('.git/hooks/pre-commit', foreign, 0o755);
    const install = repo.leakproof(['guard', 'install']);
    expect(install.code, install.output).toBe(0);
    expect(install.stdout).toContain('pre-commit.leakproof-chained');
    repo.write('ok.txt', 'fine\n');
    repo.ok('add', 'ok.txt');
    expectCommitted(repo.commit(['-m', 'clean']));
    expect(existsSync(marker)).toBe(true);
    const secret = fakeTestToken();
    repo.write('bad.txt', `${secret}\n`);
    repo.ok('add', 'bad.txt');
    expectBlocked(repo.commit(['-m', 'secret']), secret);
    expect(readFileSync(marker, 'utf8')).toBe('ran\nran\n');
    expect(repo.leakproof(['guard', 'uninstall']).code).toBe(0);
    expect(repo.read('.git/hooks/pre-commit')).toBe(foreign);
    expect(existsSync(join(repo.dir, '.git/hooks/pre-commit.leakproof-chained'))).toBe(false);
  });

  it('fails closed when the hook cannot find leakproof', () => {
    const repo = copyRepo(base);
    repo.write('x.txt', 'harmless\n');
    repo.ok('add', 'x.txt');
    const path = (sandbox.env.PATH ?? '').split(':').filter((p) => p !== sandbox.bin).join(':');
    const res = repo.commit(['-m', 'no scanner'], { PATH: path });
    expect(res.committed).toBe(false);
    expect(res.output).toContain('cannot find leakproof');
  });
});
