import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { couldMatch, gitIgnoreState, provablyNotIgnored } from '../../../src/agents/git-ignore.js';
import { seeded } from '../../helpers/seeded.js';

describe('couldMatch', () => {
  it.each([
    ['.env', '.env'], ['.env*', 'app/.env.local'], ['*.log', 'logs/a.log'], ['/dist', 'dist/x.js'], ['build/', 'build/a/b.ts'],
    ['**/secrets', 'a/secrets/k.txt'], ['a/**/b', 'a/b'], ['Config.JSON', 'config.json'], ['[Dd]ebug/', 'debug/x'], ['*', 'src/app.ts'],
    ['\\#notes', '#notes'], ['foo\\ ', 'foo '],
  ])('%s could match %s', (pattern, path) => {
    expect(couldMatch(pattern, path)).toBe(true);
  });
  it.each([
    ['.env', 'src/aws.ts'], ['*.log', 'src/app.ts'], ['node_modules/', 'src/index.ts'], ['# src', 'src/a.ts'], ['!src/', 'src/a.ts'], ['', 'a'],
  ])('%s cannot match %s', (pattern, path) => {
    expect(couldMatch(pattern, path)).toBe(false);
  });
});

describe('provablyNotIgnored, against git check-ignore', () => {
  let root: string;
  let repo: string;
  let env: Record<string, string>;
  const git = (args: string[], cwd = repo) => spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lp-ignore-'));
    repo = join(root, 'repo');
    const home = join(root, 'home');
    mkdirSync(join(home, '.config', 'git'), { recursive: true });
    mkdirSync(repo);
    // No GIT_* variables and a HOME of its own: the fast path and git read the same files.
    env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_CONFIG_HOME: join(home, '.config'), LC_ALL: 'C' };
    expect(git(['init', '-q']).status).toBe(0);
    writeFileSync(join(home, '.config', 'git', 'ignore'), '*.swp\n.DS_Store\n');
    write('.git/info/exclude', '/local-notes/\n');
    write('.gitignore', '# deps\nnode_modules/\n.env*\n!.env.example\n/dist\n*.log\n[Bb]uild/\nsecrets/**/*.pem\n');
    write('packages/api/.gitignore', 'config.local.json\n/tmp\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const paths = [
    '.env', '.env.local', '.env.example', 'src/aws.ts', 'src/config.ts', 'dist/app.js', 'src/dist/app.js', 'debug.log', 'Build/x.ts',
    'build/y.ts', 'secrets/a/b/k.pem', 'secrets/k.txt', 'node_modules/x/index.js', 'packages/api/config.local.json',
    'packages/api/tmp/x.ts', 'packages/api/src/tmp.ts', 'packages/api/src/index.ts', 'packages/web/config.local.json', 'local-notes/a.md', 'notes.swp', 'README.md',
    'deep/new/dir/file.ts',
  ];

  const ignoredPaths = () => new Set(git(['check-ignore', '--', ...paths]).stdout.split('\n').filter(Boolean));

  it('never proves "not ignored" for a path git ignores, and proves it for the unrelated ones', () => {
    const ignoredByGit = ignoredPaths();
    expect(ignoredByGit.size).toBeGreaterThan(8);
    const proven = paths.filter((p) => provablyNotIgnored(join(repo, p), env));
    for (const p of proven) expect(ignoredByGit.has(p), p).toBe(false);
    expect(proven).toEqual(expect.arrayContaining(['src/aws.ts', 'src/config.ts', 'README.md', 'deep/new/dir/file.ts', 'packages/api/src/index.ts']));
  });

  it('agrees with git on every path, whichever way it answers', async () => {
    const ignoredByGit = ignoredPaths();
    for (const p of paths) expect(await gitIgnoreState(join(repo, p), env), p).toBe(ignoredByGit.has(p) ? 'ignored' : 'not-ignored');
  });

  it('never proves "not ignored" where git ignores, on random patterns and paths', () => {
    const random = seeded(20261122);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    // A letter first: `.` and `..` are not names.
    const segment = () => pick(['a', 'b', 'A', 'x']) + Array.from({ length: Math.floor(random() * 3) }, () => pick(['a', 'b', 'A', '.', 'x', '-', ' ', '*'])).join('');
    const piece = () => pick(['a', 'b', 'B', 'x', '.', '-', '*', '*', '?', '**', '[ab]', '[!a]', '\\*', '/', ' ', '\\ ']);
    const seen = { ignored: 0, proven: 0 };
    for (let round = 0; round < 100; round++) {
      const patterns = Array.from({ length: 1 + Math.floor(random() * 4) }, () => `${pick(['', '', '/', '!', '**/'])}${Array.from({ length: 1 + Math.floor(random() * 4) }, piece).join('')}`);
      write('fuzz/.gitignore', `${patterns.join('\n')}\n`);
      const candidates = Array.from({ length: 12 }, () => `fuzz/${Array.from({ length: 1 + Math.floor(random() * 3) }, segment).join('/')}`);
      const ignored = new Set(git(['check-ignore', '--', ...candidates]).stdout.split('\n').filter(Boolean));
      for (const p of candidates) {
        const proven = provablyNotIgnored(join(repo, p), env);
        if (ignored.has(p)) expect(proven, `${p} vs ${JSON.stringify(patterns)}`).toBe(false);
        seen.ignored += ignored.has(p) ? 1 : 0;
        seen.proven += proven ? 1 : 0;
      }
    }
    // Both answers occurred, so the property was really exercised.
    expect(seen).toEqual({ ignored: expect.toSatisfy((n: number) => n > 100), proven: expect.toSatisfy((n: number) => n > 100) });
    rmSync(join(repo, 'fuzz'), { recursive: true, force: true });
  });

  it('leaves to git what it does not model', () => {
    const path = join(repo, 'src/aws.ts');
    expect(provablyNotIgnored(path, env)).toBe(true);
    expect(provablyNotIgnored(path, { ...env, GIT_DIR: join(repo, '.git') })).toBe(false);
    expect(provablyNotIgnored(path, { ...env, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.excludesFile', GIT_CONFIG_VALUE_0: '/x' })).toBe(false);
    expect(provablyNotIgnored(path, { ...env, GIT_SSL_CAINFO: '/etc/ssl/certs/ca-certificates.crt' })).toBe(true);
    expect(provablyNotIgnored(path, { ...env, GIT_CONFIG_GLOBAL: join(root, 'home', 'other.gitconfig') })).toBe(true);
    writeFileSync(join(root, 'home', '.gitconfig'), '[core]\n\texcludesFile = ~/my-ignores\n');
    try {
      expect(provablyNotIgnored(path, env)).toBe(false);
    } finally {
      rmSync(join(root, 'home', '.gitconfig'));
    }
    // A linked worktree or submodule has a .git file.
    const linked = join(root, 'linked');
    mkdirSync(linked);
    writeFileSync(join(linked, '.git'), `gitdir: ${join(repo, '.git')}\n`);
    expect(provablyNotIgnored(join(linked, 'a.ts'), env)).toBe(false);
    expect(provablyNotIgnored(join(root, 'outside.ts'), env)).toBe(false);
  });
});
