/**
 * `leakproof guard install | uninstall | status` and `leakproof doctor` against real
 * repositories: plain hooks folders, husky, lefthook, the pre-commit framework, a global
 * core.hooksPath — in SHA-1 and SHA-256 repositories.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeTestToken } from '../helpers/fake-secrets.js';
import { copyRepo, createRepo, createSandbox, FORMATS, type Sandbox, type TestRepo, yieldToEventLoop } from '../helpers/git-repo.js';
import { leaks } from '../helpers/run-cli.js';

const HUSKY_H = `#!/usr/bin/env sh
n=$(basename "$0")
s=$(dirname "$(dirname "$0")")/$n
[ ! -f "$s" ] && exit 0
export PATH="node_modules/.bin:$PATH"
sh -e "$s" "$@"
`;

/** husky v9's layout without husky: `.husky/_/<hook>` stubs that run `.husky/<hook>`. */
function setUpHusky(repo: TestRepo, existing: string): void {
  repo.write('.husky/_/h', HUSKY_H, 0o755);
  for (const hook of ['pre-commit', 'pre-merge-commit', 'pre-push']) repo.write(`.husky/_/${hook}`, '#!/usr/bin/env sh\n. "$(dirname "$0")/h"\n', 0o755);
  repo.write('.husky/pre-commit', existing);
  repo.ok('config', 'core.hooksPath', '.husky/_');
}

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe.each(FORMATS)('guard and doctor (%s)', (format) => {
  let sandbox: Sandbox;
  /** Test rule configured, one clean commit, nothing installed. */
  let plain: TestRepo;

  beforeAll(() => {
    sandbox = createSandbox();
    plain = createRepo(sandbox, format);
    plain.write('README.md', '# demo\n');
    plain.commitUnchecked('initial', 'README.md');
  });
  afterAll(() => sandbox.cleanup());
  afterEach(yieldToEventLoop);

  it('installs executable LF hooks with a marker, idempotently, and reports them', () => {
    const repo = copyRepo(plain);
    const first = repo.leakproof(['guard', 'install', '--pre-push']);
    expect(first.code, first.output).toBe(0);
    for (const hook of ['pre-commit', 'pre-merge-commit', 'pre-push']) {
      const path = join(repo.dir, '.git/hooks', hook);
      const text = readFileSync(path, 'utf8');
      expect(text.startsWith('#!/bin/sh\n')).toBe(true);
      expect(text).not.toContain('\r');
      expect(text).toContain('# leakproof-managed-hook');
      expect(statSync(path).mode & 0o111).toBe(0o111);
    }
    const again = repo.leakproof(['guard', 'install', '--pre-push']);
    expect(again.stdout).toContain('already installed');
    const status = repo.leakproof(['guard', 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/pre-commit: leakproof hook installed/);
    expect(status.stdout).toMatch(/pre-push: leakproof hook installed/);
  });

  it('adds a line to husky\'s pre-commit, blocks through husky, and removes only that line', () => {
    const repo = copyRepo(plain);
    const marker = join(repo.dir, 'lint-ran');
    const existing = `echo lint >> "${marker}"\n`;
    setUpHusky(repo, existing);
    const install = repo.leakproof(['guard', 'install']);
    expect(install.code, install.output).toBe(0);
    expect(install.stdout).toContain('husky');
    expect(existsSync(join(repo.dir, '.git/hooks/pre-commit'))).toBe(false);
    expect(repo.read('.husky/pre-commit')).toBe(`${existing}leakproof scan --staged # leakproof-guard\n`);
    const secret = fakeTestToken();
    repo.write('s.txt', `${secret}\n`);
    repo.ok('add', 's.txt');
    const blocked = repo.commit(['-m', 'secret']);
    expect(blocked.committed).toBe(false);
    expect(blocked.output).toContain('test-token');
    expect(leaks(blocked.output, secret)).toBe(false);
    repo.ok('rm', '-q', '--cached', 's.txt');
    repo.write('ok.txt', 'fine\n');
    repo.ok('add', 'ok.txt');
    expect(repo.commit(['-m', 'clean']).committed).toBe(true);
    expect(readFileSync(marker, 'utf8')).toBe('lint\nlint\n');
    expect(repo.leakproof(['doctor']).code).toBe(0);
    expect(repo.leakproof(['guard', 'uninstall']).code).toBe(0);
    expect(repo.read('.husky/pre-commit')).toBe(existing);
  });

  it('adds a leakproof job to lefthook.yml in each layout and removes it exactly', () => {
    const layouts = [
      'colors: false\n',
      'pre-commit:\n  parallel: true\n  commands:\n    lint:\n      run: npm run lint\n',
      'pre-commit:\n  jobs:\n    - name: lint\n      run: npm run lint\npre-push:\n  commands:\n    test:\n      run: npm test\n',
    ];
    for (const layout of layouts) {
      const repo = copyRepo(plain);
      repo.write('lefthook.yml', layout);
      const install = repo.leakproof(['guard', 'install', '--pre-push']);
      expect(install.code, install.output).toBe(0);
      expect(install.stdout).toContain('lefthook install');
      const edited = repo.read('lefthook.yml');
      expect(edited.startsWith(layout.split('\n')[0] ?? '')).toBe(true);
      for (const hook of ['pre-commit:', 'pre-merge-commit:', 'pre-push:']) expect(edited).toContain(hook);
      expect(edited.match(/leakproof; exec "\$b" scan --staged/g)).toHaveLength(2);
      expect(edited.match(/exec "\$b" scan --pre-push \{1\}/g)).toHaveLength(1);
      expect(repo.leakproof(['guard', 'install', '--pre-push']).code).toBe(0);
      expect(repo.read('lefthook.yml')).toBe(edited);
      // The job's command is what lefthook would run with sh: it must block a staged secret.
      const run = /run: '(.*scan --staged)'/.exec(edited)?.[1] ?? '';
      const secret = fakeTestToken();
      repo.write('s.txt', `${secret}\n`);
      repo.ok('add', 's.txt');
      const job = spawnSh(repo, run);
      expect(job.code).toBe(1);
      expect(leaks(job.output, secret)).toBe(false);
      expect(repo.leakproof(['guard', 'uninstall']).code).toBe(0);
      expect(repo.read('lefthook.yml')).toBe(layout);
    }
  });

  it('prints a snippet for the pre-commit framework instead of installing over it', () => {
    const repo = copyRepo(plain);
    repo.write('.pre-commit-config.yaml', 'repos: []\n');
    const res = repo.leakproof(['guard', 'install']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('entry: leakproof scan --staged');
    expect(res.stdout).toContain('pass_filenames: false');
    expect(existsSync(join(repo.dir, '.git/hooks/pre-commit'))).toBe(false);
  });

  it('installs globally, keeps running each repository\'s own hook, and uninstalls cleanly', () => {
    const own = createSandbox();
    try {
      const repo = createRepo(own, format);
      const marker = join(repo.dir, 'repo-hook-ran');
      repo.write('.git/hooks/pre-commit', `#!/bin/sh\necho ran >> "${marker}"\n`, 0o755);
      const install = repo.leakproof(['guard', 'install', '--global']);
      expect(install.code, install.output).toBe(0);
      const hooksDir = join(own.home, '.config/leakproof/hooks');
      expect(repo.ok('config', '--global', 'core.hooksPath')).toBe(hooksDir);
      const secret = fakeTestToken();
      repo.write('s.txt', `${secret}\n`);
      repo.ok('add', 's.txt');
      const blocked = repo.commit(['-m', 'secret']);
      expect(blocked.committed).toBe(false);
      expect(leaks(blocked.output, secret)).toBe(false);
      repo.ok('rm', '-q', '--cached', 's.txt');
      repo.write('ok.txt', 'fine\n');
      repo.ok('add', 'ok.txt');
      expect(repo.commit(['-m', 'clean']).committed).toBe(true);
      expect(readFileSync(marker, 'utf8')).toBe('ran\nran\n');
      // A local install would write into the global folder: refused with one line.
      const local = repo.leakproof(['guard', 'install']);
      expect(local.code).toBe(2);
      expect(local.stderr.trim().split('\n')).toHaveLength(1);
      expect(local.stderr).toContain('--global');
      expect(repo.leakproof(['guard', 'uninstall', '--global']).code).toBe(0);
      expect(repo.git(['config', '--global', 'core.hooksPath']).code).toBe(1);
      expect(existsSync(hooksDir)).toBe(false);
    } finally {
      own.cleanup();
    }
  });

  it('doctor: healthy, and the index, objects and tree are untouched', () => {
    const repo = copyRepo(plain);
    expect(repo.leakproof(['guard', 'install']).code).toBe(0);
    repo.write('wip.txt', 'staged work\n');
    repo.ok('add', 'wip.txt');
    const status = repo.ok('status', '--porcelain'); // refreshes the index: do it first
    const index = sha(join(repo.dir, '.git/index'));
    const objects = repo.ok('count-objects', '-v');
    const res = repo.leakproof(['doctor']);
    expect(res.code, res.output).toBe(0);
    expect(res.stdout).toContain('blocked a canary secret');
    expect(res.stdout).toContain('leakproof doctor: healthy');
    expect(sha(join(repo.dir, '.git/index'))).toBe(index);
    expect(repo.ok('count-objects', '-v')).toBe(objects);
    expect(repo.ok('status', '--porcelain')).toBe(status);
  });

  it('doctor: broken when core.hooksPath points away from the installed hook', () => {
    const repo = copyRepo(plain);
    expect(repo.leakproof(['guard', 'install']).code).toBe(0);
    repo.ok('config', 'core.hooksPath', '.githooks');
    const res = repo.leakproof(['doctor']);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/FAIL .*core\.hooksPath \(local config\) = \.githooks/);
    expect(res.stdout).toContain('NOT protecting');
  });

  it('doctor: broken when the hook is not executable or not installed', () => {
    const repo = copyRepo(plain);
    const missing = repo.leakproof(['doctor']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/FAIL +pre-commit: not installed/);
    expect(missing.stdout).toMatch(/FAIL .*no pre-commit hook to run/);
    expect(repo.leakproof(['guard', 'install']).code).toBe(0);
    repo.ok('update-index', '--refresh');
    const hook = join(repo.dir, '.git/hooks/pre-commit');
    repo.write('.git/hooks/pre-commit', readFileSync(hook), 0o644);
    const res = repo.leakproof(['doctor']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('not executable');
  });
});

function spawnSh(repo: TestRepo, command: string): { code: number; output: string } {
  const res = spawnSync('sh', ['-c', command], { cwd: repo.dir, env: repo.sandbox.env, encoding: 'utf8' });
  return { code: res.status ?? -1, output: `${res.stdout}\n${res.stderr}` };
}
