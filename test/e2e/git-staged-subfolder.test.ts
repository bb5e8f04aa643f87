/** `scan --staged` run from a subfolder mid-conflict still scans every conflicted file. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeTestToken } from '../helpers/fake-secrets.js';
import { createRepo, createSandbox, FORMATS, type Sandbox, yieldToEventLoop } from '../helpers/git-repo.js';
import { leaks } from '../helpers/run-cli.js';

describe.each(FORMATS)('scan --staged from a subfolder during a merge conflict (%s)', (format) => {
  let sandbox: Sandbox;
  beforeAll(() => {
    sandbox = createSandbox();
  });
  afterAll(() => sandbox.cleanup());
  afterEach(yieldToEventLoop);

  it('blocks conflicted files inside and outside the current folder', () => {
    const repo = createRepo(sandbox, format);
    const top = fakeTestToken();
    const nested = fakeTestToken();
    repo.write('app.txt', 'one\nbase\nthree\n');
    repo.write('sub/x.txt', 'one\nbase\nthree\n');
    repo.commitUnchecked('base', 'app.txt', 'sub/x.txt');
    repo.ok('checkout', '-q', '-b', 'other');
    repo.write('app.txt', `one\ntheirs ${top}\nthree\n`);
    repo.write('sub/x.txt', `one\ntheirs ${nested}\nthree\n`);
    repo.commitUnchecked('theirs', 'app.txt', 'sub/x.txt');
    repo.ok('checkout', '-q', 'main');
    repo.write('app.txt', 'one\nours\nthree\n');
    repo.write('sub/x.txt', 'one\nours\nthree\n');
    repo.commitUnchecked('ours', 'app.txt', 'sub/x.txt');
    expect(repo.git(['merge', '--no-edit', 'other']).code).not.toBe(0);

    const res = repo.leakproof(['scan', '--staged', '--format', 'json'], { cwd: `${repo.dir}/sub` });
    expect(res.code).toBe(1);
    const files = (JSON.parse(res.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file).sort();
    expect(files).toEqual(['app.txt', 'sub/x.txt']);
    expect(leaks(res.output, top) || leaks(res.output, nested)).toBe(false);
  });
});
