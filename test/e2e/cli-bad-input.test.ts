/** Bad input is one line on stderr and exit 2: never a stack trace, never the input itself. */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeGithubToken } from '../helpers/fake-secrets.js';
import { CLI, leaks, runCli, tempDir } from '../helpers/run-cli.js';

function oneLine(stderr: string): void {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^leakproof: /);
}

describe('malformed input does not echo secrets', () => {
  it('scan --pre-push with a .env piped in names the line, not its content', () => {
    const token = fakeGithubToken();
    const dir = tempDir();
    expect(spawnSync('git', ['init', '-q', dir]).status).toBe(0);
    const r = runCli(['scan', '--pre-push', 'origin'], { input: `\nGITHUB_TOKEN=${token}\n`, cwd: dir });
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toContain('line 2');
    expect(r.stderr).toContain('<local ref> <local oid> <remote ref> <remote oid>');
    expect(leaks(r.stdout + r.stderr, token)).toBe(false);
  });

  it('a baseline file that is not JSON names the file, line and column only', () => {
    const dir = tempDir();
    const token = fakeGithubToken();
    writeFileSync(join(dir, 'bl.json'), `{\n  "k": ${token}\n}\n`);
    writeFileSync(join(dir, 'a.txt'), 'hello\n');
    const r = runCli(['scan', '.', '--baseline', 'bl.json'], { cwd: dir });
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toBe('leakproof: bl.json:2:8: invalid JSON\n');
    expect(r.stderr).not.toContain(token.slice(0, 4));
  });
});

describe('filesystem and stream errors are one line', () => {
  it('guard install when .git/hooks is a file: exit 2, no internal error', () => {
    const dir = tempDir();
    expect(spawnSync('git', ['init', '-q', dir]).status).toBe(0);
    rmSync(join(dir, '.git', 'hooks'), { recursive: true, force: true });
    writeFileSync(join(dir, '.git', 'hooks'), 'not a folder\n');
    const r = runCli(['guard', 'install'], { cwd: dir, env: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/cannot write hooks in .*\(E[A-Z]+\)/);
    expect(r.stderr).not.toContain('internal error');
  });

  it('a failing stdout (/dev/full) is one line and exit 3, never a stack trace', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), 'hello\n');
    const res = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" scan . > /dev/full`], { cwd: dir, encoding: 'utf8' });
    expect(res.status).toBe(3);
    expect(res.stderr).toBe('leakproof: cannot write to stdout (ENOSPC)\n');
  });
});

describe('--agent-history validates flags like any scan', () => {
  it.each([
    [['--show-secrets', '--format', 'sarif'], /--show-secrets works with --format text or json only/],
    [['--threads', '999'], /--threads takes a whole number/],
    [['--baseline', 'missing.json'], /--agent-history does not support --baseline/],
  ])('%j → exit 2 before scanning', (flags, message) => {
    const home = tempDir();
    const r = runCli(['scan', '--agent-history', ...flags], { cwd: home, env: { HOME: home } });
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(message);
  });
});
