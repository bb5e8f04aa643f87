/**
 * The pre-commit path's git calls: one `rev-parse` answers HEAD too, the empty tree of an
 * unborn branch is computed rather than asked for, and `git cat-file` starts before the staged
 * listing. A failure after that early start must still end the run at once with its error.
 * The hook script finds a local install without asking git for the top of the working tree.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeTestToken } from '../helpers/fake-secrets.js';
import { createRepo, createSandbox, expectBlocked, FORMATS, type Sandbox, yieldToEventLoop } from '../helpers/git-repo.js';
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

  it('the hook runs the copy in node_modules at the top, also for a commit made from a subfolder', () => {
    const repo = createRepo(sandbox, format, { install: true });
    // A local install that leaves a mark, ahead of the one on PATH.
    repo.write('node_modules/.bin/leakproof', `#!/bin/sh\ntouch "$(pwd)/local-used"\nexec "${process.execPath}" "${sandbox.cli}" "$@"\n`, 0o755);
    repo.write('.git/info/exclude', '.leakproof.toml\nnode_modules/\nlocal-used\n');
    const secret = fakeTestToken();
    repo.write('sub/a.txt', `key ${secret}\n`);
    repo.ok('add', 'sub/a.txt');
    const before = repo.rev();
    const res = repo.git(['commit', '-q', '-m', 'from a subfolder'], { cwd: join(repo.dir, 'sub') });
    expectBlocked({ ...res, committed: repo.rev() !== before }, secret);
    expect(existsSync(join(repo.dir, 'local-used'))).toBe(true);
  });
});
