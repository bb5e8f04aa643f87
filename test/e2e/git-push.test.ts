/**
 * The pre-push hook with a real `git push` to a local bare remote: first push, new branch,
 * force push, branch deletion, commit messages — in SHA-1 and SHA-256 repositories. A blocked
 * push leaves the remote ref where it was.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeTestToken } from '../helpers/fake-secrets.js';
import { copyRepo, createRemote, createRepo, createSandbox, FORMATS, type Run, type Sandbox, type TestRepo, yieldToEventLoop } from '../helpers/git-repo.js';
import { leaks } from '../helpers/run-cli.js';

describe.each(FORMATS)('git push with the leakproof pre-push hook (%s)', (format) => {
  let sandbox: Sandbox;
  /** pre-commit, pre-merge-commit and pre-push installed; one clean commit on main. */
  let base: TestRepo;

  beforeAll(() => {
    sandbox = createSandbox();
    base = createRepo(sandbox, format, { install: 'pre-push' });
    base.write('README.md', '# demo\n');
    base.commitUnchecked('initial', 'README.md');
  });
  afterAll(() => sandbox.cleanup());
  afterEach(yieldToEventLoop);

  function withRemote(pushMain = true): { repo: TestRepo; remote: TestRepo } {
    const repo = copyRepo(base);
    const remote = createRemote(sandbox, format);
    repo.ok('remote', 'add', 'origin', remote.dir);
    if (pushMain) repo.ok('push', '-q', '--no-verify', 'origin', 'main');
    return { repo, remote };
  }

  const onRemote = (remote: TestRepo, ref: string): string => remote.rev(ref);

  function push(repo: TestRepo, ...args: string[]): Run {
    return repo.git(['push', '-q', ...args]);
  }

  it('blocks the first push of a repository whose history holds a secret', () => {
    const { repo, remote } = withRemote(false);
    const secret = fakeTestToken();
    repo.write('old.txt', `${secret}\n`);
    repo.commitUnchecked('committed before the guard', 'old.txt');
    repo.ok('rm', '-q', 'old.txt');
    repo.commitUnchecked('removed again, still in history');
    const res = push(repo, 'origin', 'main');
    expect(res.code).not.toBe(0);
    expect(onRemote(remote, 'main')).toBe('');
    expect(res.output).toContain('old.txt:1');
    expect(res.output).toContain('push blocked');
    expect(leaks(res.output, secret)).toBe(false);
  });

  it('lets a clean first push through', () => {
    const { repo, remote } = withRemote(false);
    const res = push(repo, 'origin', 'main');
    expect(res.code, res.output).toBe(0);
    expect(onRemote(remote, 'main')).toBe(repo.rev('main'));
  });

  it('blocks a new branch that adds a secret', () => {
    const { repo, remote } = withRemote();
    const secret = fakeTestToken();
    repo.ok('checkout', '-q', '-b', 'feature');
    repo.write('f.txt', `key=${secret}\n`);
    repo.commitUnchecked('feature (committed with --no-verify)', 'f.txt');
    repo.write('g.txt', 'more\n');
    repo.commitUnchecked('later clean commit', 'g.txt');
    const res = push(repo, 'origin', 'feature');
    expect(res.code).not.toBe(0);
    expect(onRemote(remote, 'feature')).toBe('');
    expect(res.output).toContain('f.txt:1');
    expect(leaks(res.output, secret)).toBe(false);
  });

  it('scans only commits the remote does not have when a new branch is pushed', () => {
    const { repo, remote } = withRemote();
    const secret = fakeTestToken();
    // A secret already on the remote (pushed with --no-verify) is not the new branch's doing.
    repo.write('legacy.txt', `${secret}\n`);
    repo.commitUnchecked('legacy', 'legacy.txt');
    repo.ok('push', '-q', '--no-verify', 'origin', 'main');
    repo.ok('checkout', '-q', '-b', 'topic');
    repo.write('topic.txt', 'clean\n');
    repo.commitUnchecked('topic', 'topic.txt');
    const res = push(repo, 'origin', 'topic');
    expect(res.code, res.output).toBe(0);
    expect(onRemote(remote, 'topic')).toBe(repo.rev('topic'));
    expect(res.output).toContain('1 commit to push');
  });

  it('blocks a force push that rewrites history to include a secret, allows a clean one', () => {
    const { repo, remote } = withRemote();
    repo.write('a.txt', 'v1\n');
    repo.commitUnchecked('v1', 'a.txt');
    repo.ok('push', '-q', '--no-verify', 'origin', 'main');
    const pushed = repo.rev();
    const secret = fakeTestToken();
    repo.ok('reset', '-q', '--hard', 'HEAD~1');
    repo.write('a.txt', `v2 ${secret}\n`);
    repo.commitUnchecked('v2', 'a.txt');
    const blocked = push(repo, '--force', 'origin', 'main');
    expect(blocked.code).not.toBe(0);
    expect(onRemote(remote, 'main')).toBe(pushed);
    expect(leaks(blocked.output, secret)).toBe(false);
    repo.write('a.txt', 'v3\n');
    repo.ok('add', 'a.txt');
    repo.ok('commit', '-q', '--no-verify', '--amend', '-m', 'v3');
    const ok = push(repo, '--force', 'origin', 'main');
    expect(ok.code, ok.output).toBe(0);
    expect(onRemote(remote, 'main')).toBe(repo.rev());
  });

  it('lets a branch deletion through (nothing is pushed)', () => {
    const { repo, remote } = withRemote();
    const secret = fakeTestToken();
    repo.ok('checkout', '-q', '-b', 'doomed');
    repo.write('d.txt', `${secret}\n`);
    repo.commitUnchecked('doomed', 'd.txt');
    repo.ok('push', '-q', '--no-verify', 'origin', 'doomed');
    const res = push(repo, 'origin', '--delete', 'doomed');
    expect(res.code, res.output).toBe(0);
    expect(onRemote(remote, 'doomed')).toBe('');
  });

  it('blocks a push whose commit message holds a secret', () => {
    const { repo, remote } = withRemote();
    const secret = fakeTestToken();
    repo.write('m.txt', 'innocent\n');
    repo.ok('add', 'm.txt');
    repo.ok('commit', '-q', '--no-verify', '-m', `deploy with token ${secret}`);
    const before = onRemote(remote, 'main');
    const res = push(repo, 'origin', 'main');
    expect(res.code).not.toBe(0);
    expect(onRemote(remote, 'main')).toBe(before);
    expect(res.output).toContain('<commit message>');
    expect(leaks(res.output, secret)).toBe(false);
  });

  it('blocks when the pushed commits include a merge whose resolution adds a secret', () => {
    const { repo, remote } = withRemote();
    const secret = fakeTestToken();
    repo.ok('checkout', '-q', '-b', 'side');
    repo.write('c.txt', 'side\n');
    repo.commitUnchecked('side', 'c.txt');
    repo.ok('checkout', '-q', 'main');
    repo.write('c.txt', 'main\n');
    repo.commitUnchecked('main', 'c.txt');
    expect(repo.git(['merge', '-q', 'side']).code).not.toBe(0);
    repo.write('c.txt', `resolved ${secret}\n`);
    repo.ok('add', 'c.txt');
    repo.ok('commit', '-q', '--no-verify', '--no-edit');
    const before = onRemote(remote, 'main');
    const res = push(repo, 'origin', 'main');
    expect(res.code).not.toBe(0);
    expect(onRemote(remote, 'main')).toBe(before);
    expect(res.output).toContain('c.txt:1');
    expect(leaks(res.output, secret)).toBe(false);
  });
});
