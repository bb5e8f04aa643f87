/**
 * The pre-commit path's git calls: one `rev-parse` answers HEAD too, the empty tree of an
 * unborn branch is computed rather than asked for, and `git cat-file` starts before the staged
 * listing. A failure after that early start must still end the run at once with its error.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeTestToken } from '../helpers/fake-secrets.js';
import { createRepo, createSandbox, FORMATS, type Sandbox, yieldToEventLoop } from '../helpers/git-repo.js';
import { leaks } from '../helpers/run-cli.js';

describe.each(FORMATS)('scan --staged start-up (%s)', (format) => {
  let sandbox: Sandbox;
  beforeAll(() => {
    sandbox = createSandbox();
  });
  afterAll(() => sandbox.cleanup());
  afterEach(yieldToEventLoop);

  it('exits 2 with one line when the config is broken, without waiting on git', () => {
    const repo = createRepo(sandbox, format);
    repo.write('.leakproof.toml', 'disabledRules = [\n');
    repo.write('a.txt', 'hello\n');
    repo.ok('add', 'a.txt');
    const started = Date.now();
    const res = repo.leakproof(['scan', '--staged']);
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain('.leakproof.toml');
    // The reader started ahead is idle: it must not hold the process until a git timeout.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('on an unborn branch, reports every staged line; after a commit, only added ones', () => {
    const repo = createRepo(sandbox, format);
    const first = fakeTestToken();
    repo.write('a.txt', `one\nkey ${first}\n`);
    repo.ok('add', 'a.txt');
    const unborn = repo.leakproof(['scan', '--staged', '--format', 'json']);
    expect(unborn.code).toBe(1);
    expect((JSON.parse(unborn.stdout) as { findings: { line: number }[] }).findings.map((f) => f.line)).toEqual([2]);
    repo.commitUnchecked('first', 'a.txt');

    const second = fakeTestToken();
    repo.write('a.txt', `one\nkey ${first}\nkey ${second}\n`);
    repo.ok('add', 'a.txt');
    const next = repo.leakproof(['scan', '--staged', '--format', 'json']);
    expect(next.code).toBe(1);
    expect((JSON.parse(next.stdout) as { findings: { line: number }[] }).findings.map((f) => f.line)).toEqual([3]);
    expect(leaks(unborn.stdout + unborn.stderr + next.stdout + next.stderr, first)).toBe(false);
  });
});
