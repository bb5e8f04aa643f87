/**
 * A repository's own config and attributes are attacker-controlled input (a cloned repo, a
 * PR checkout): fsmonitor, external diff, textconv, filters and pagers name programs git would
 * run for us. leakproof must run none of them and see the same findings as in a clean repo.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeTestToken } from '../helpers/fake-secrets.js';
import { createRepo, createSandbox, FORMATS, type Sandbox, yieldToEventLoop } from '../helpers/git-repo.js';
import { leaks } from '../helpers/run-cli.js';

describe.each(FORMATS)('hostile repository config (%s)', (format) => {
  let sandbox: Sandbox;
  beforeAll(() => {
    sandbox = createSandbox();
  });
  afterAll(() => sandbox.cleanup());
  afterEach(yieldToEventLoop);

  it('runs no configured program and still finds staged and historic secrets', () => {
    const repo = createRepo(sandbox, format, { install: true });
    const marker = join(sandbox.root, `evil-ran-${format}`);
    const evil = join(sandbox.root, 'evil.sh');
    repo.write('../evil.sh', `#!/bin/sh\necho "$0 $*" >> "${marker}"\nexit 0\n`, 0o755);
    const old = fakeTestToken();
    repo.write('.gitattributes', '* diff=evil filter=evil\n');
    repo.write('old.txt', `x\n${old}\n`);
    repo.commitUnchecked('history', '.gitattributes', 'old.txt');
    repo.ok('mv', 'old.txt', 'moved.txt');
    const secret = fakeTestToken();
    repo.write('new.txt', `a\nb\ntoken ${secret}\n`);
    repo.ok('add', 'new.txt');
    // Only now make the config hostile, so the setup above never ran it.
    appendFileSync(
      join(repo.dir, '.git/config'),
      [
        '[core]',
        `\tfsmonitor = ${evil}`,
        `\tpager = ${evil}`,
        '\tquotePath = true',
        '[diff]',
        `\texternal = ${evil}`,
        '\trenames = copies',
        '\tnoprefix = true',
        '\tinterHunkContext = 30',
        '[diff "evil"]',
        `\ttextconv = ${evil}`,
        `\tcommand = ${evil}`,
        '[filter "evil"]',
        `\tclean = ${evil}`,
        `\tsmudge = ${evil}`,
        '\trequired = true',
        '[color]',
        '\tui = always',
        '[pager]',
        `\tdiff = ${evil}`,
        '',
      ].join('\n'),
    );
    const env = { GIT_EXTERNAL_DIFF: evil, GIT_PAGER: evil, PAGER: evil };

    const staged = repo.leakproof(['scan', '--staged', '--format', 'json'], { env });
    expect(staged.code, staged.stderr).toBe(1);
    const stagedFiles = (JSON.parse(staged.stdout) as { findings: { file: string; line: number }[] }).findings;
    expect(stagedFiles).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'new.txt', line: 3 }), expect.objectContaining({ file: 'moved.txt', line: 2 })]));

    const history = repo.leakproof(['scan', '--git'], { env });
    expect(history.code).toBe(1);
    expect(history.stdout).toContain('old.txt:2');

    const status = repo.leakproof(['guard', 'status'], { env });
    expect(status.code).toBe(0);

    for (const run of [staged, history, status]) {
      expect(leaks(run.output, secret) || leaks(run.output, old)).toBe(false);
    }
    expect(existsSync(marker) ? readFileSync(marker, 'utf8') : '').toBe('');
  });
});
