/**
 * Temporary git repositories for end-to-end tests, in either object format. Every git and
 * leakproof process gets a sandbox environment: its own HOME and global config (so the
 * machine's git config cannot change outcomes), no system config, and a `leakproof` on PATH
 * that runs this checkout's built CLI, which is what the installed hooks look for.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { TEST_RULE_TOML } from './fake-secrets.js';
import { leaks, REPO_ROOT } from './run-cli.js';

export type ObjectFormat = 'sha1' | 'sha256';
export const FORMATS: readonly ObjectFormat[] = ['sha1', 'sha256'];

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout + stderr, for "the secret never appears" checks. */
  readonly output: string;
}

export interface Sandbox {
  readonly root: string;
  readonly home: string;
  /** Holds the `leakproof` shim; on PATH first. */
  readonly bin: string;
  /** The built CLI this sandbox runs (a snapshot of this checkout's build). */
  readonly cli: string;
  readonly env: NodeJS.ProcessEnv;
  cleanup(): void;
}

/** Environment of the test process minus anything git would pick up from it. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_') && k !== 'NODE_EXTRA_CA_CERTS') env[k] = v;
  return env;
}

/**
 * Copies the built package (dist, bin, hooks, rules, package.json) so a rebuild of the shared
 * checkout while tests run cannot hand a hook half-written modules.
 */
function snapshotPackage(root: string): string {
  const pkg = join(root, 'pkg');
  mkdirSync(pkg);
  for (const part of ['dist', 'bin', 'hooks', 'rules', 'package.json']) cpSync(join(REPO_ROOT, part), join(pkg, part), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(pkg, 'node_modules'));
  return join(pkg, 'bin', 'leakproof.js');
}

export function createSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'lp-git-'));
  const home = join(root, 'home');
  const bin = join(root, 'bin');
  mkdirSync(home);
  mkdirSync(bin);
  const cli = snapshotPackage(root);
  writeFileSync(join(bin, 'leakproof'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`, { mode: 0o755 });
  const gitconfig = join(home, '.gitconfig');
  writeFileSync(
    gitconfig,
    [
      '[user]',
      '\tname = Test User',
      '\temail = test@example.invalid',
      '[init]',
      '\tdefaultBranch = main',
      '[protocol "file"]',
      '\tallow = always',
      '[advice]',
      '\tdetachedHead = false',
      '',
    ].join('\n'),
  );
  const env: NodeJS.ProcessEnv = {
    ...baseEnv(),
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_GLOBAL: gitconfig,
    GIT_CONFIG_NOSYSTEM: '1',
    PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    NO_COLOR: '1',
    LC_ALL: 'C',
  };
  return { root, home, bin, cli, env, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, input?: string | Buffer): Run {
  const res = spawnSync(cmd, args, { cwd, env, input: input ?? '', encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.error) throw res.error;
  const killed = res.signal === null ? '' : `\n(killed by ${res.signal})`;
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr, output: `${res.stdout}\n${res.stderr}${killed}` };
}

export interface RepoOptions {
  /** Write `.leakproof.toml` with the test rule (ignored via .git/info/exclude). Default true. */
  readonly config?: boolean;
  /** Run `leakproof guard install` (pre-commit + pre-merge-commit [+ pre-push]). */
  readonly install?: boolean | 'pre-push';
  readonly bare?: boolean;
}

export class TestRepo {
  constructor(
    readonly sandbox: Sandbox,
    readonly dir: string,
    readonly format: ObjectFormat,
  ) {}

  git(args: readonly string[], options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Run {
    return run('git', args, options.cwd ?? this.dir, { ...this.sandbox.env, ...options.env }, options.input);
  }

  /** git that must succeed; returns trimmed stdout. */
  ok(...args: string[]): string {
    const res = this.git(args);
    if (res.code !== 0) throw new Error(`git ${args.join(' ')} failed (${res.code}): ${res.stderr}`);
    return res.stdout.trim();
  }

  leakproof(args: readonly string[], options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Run {
    return run(process.execPath, [this.sandbox.cli, ...args], options.cwd ?? this.dir, { ...this.sandbox.env, ...options.env }, options.input);
  }

  write(path: string, content: string | Buffer, mode?: number): void {
    const abs = join(this.dir, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    if (mode !== undefined) chmodSync(abs, mode);
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), 'utf8');
  }

  /** Commit id of `rev`, or '' when it does not exist (unborn branch). */
  rev(rev = 'HEAD'): string {
    const res = this.git(['rev-parse', '-q', '--verify', `${rev}^{commit}`]);
    return res.code === 0 ? res.stdout.trim() : '';
  }

  /** Runs `git commit …` and says whether a commit was made (HEAD before/after). */
  commit(args: readonly string[], env?: NodeJS.ProcessEnv): Run & { readonly committed: boolean } {
    const before = this.rev();
    const res = this.git(['commit', ...args], env ? { env } : {});
    return { ...res, committed: this.rev() !== before };
  }

  /** Commit bypassing hooks: history that "got in" before the guard or with --no-verify. */
  commitUnchecked(message: string, ...paths: string[]): string {
    if (paths.length > 0) this.ok('add', '--', ...paths);
    this.ok('commit', '-q', '--no-verify', '--allow-empty', '-m', message);
    return this.rev();
  }
}

let counter = 0;

export function createRepo(sandbox: Sandbox, format: ObjectFormat, options: RepoOptions = {}): TestRepo {
  const dir = join(sandbox.root, `repo-${format}-${++counter}`);
  const init = run('git', ['init', '-q', `--object-format=${format}`, ...(options.bare ? ['--bare'] : []), dir], sandbox.root, sandbox.env);
  if (init.code !== 0) throw new Error(`git init failed: ${init.stderr}`);
  const repo = new TestRepo(sandbox, dir, format);
  if (options.bare) return repo;
  if (options.config ?? true) {
    repo.write('.leakproof.toml', TEST_RULE_TOML);
    repo.write('.git/info/exclude', '.leakproof.toml\n');
  }
  if (options.install) {
    const res = repo.leakproof(['guard', 'install', ...(options.install === 'pre-push' ? ['--pre-push'] : [])]);
    if (res.code !== 0) throw new Error(`guard install failed (exit ${res.code}): ${res.output}`);
  }
  return repo;
}

/**
 * A copy of `template` (an initialised repository with the hooks installed): copying a
 * folder is much cheaper than running the installer again for every scenario.
 */
export function copyRepo(template: TestRepo): TestRepo {
  const dir = join(template.sandbox.root, `repo-${template.format}-${++counter}`);
  cpSync(template.dir, dir, { recursive: true, verbatimSymlinks: true });
  return new TestRepo(template.sandbox, dir, template.format);
}

export interface ImportedCommit {
  readonly message: string;
  /** Files written by this commit (whole content). */
  readonly files: Readonly<Record<string, string>>;
}

/**
 * Writes a linear history on `main` with `git fast-import`: thousands of commits in well under
 * a second, for scans that must cross the worker-thread threshold.
 */
export function importHistory(repo: TestRepo, commits: readonly ImportedCommit[]): void {
  const parts: string[] = [];
  commits.forEach((c, i) => {
    parts.push(`commit refs/heads/main\nmark :${i + 1}\ncommitter Test <t@example.invalid> ${1700000000 + i * 60} +0000\n`);
    parts.push(`data ${Buffer.byteLength(c.message)}\n${c.message}\n`);
    if (i > 0) parts.push(`from :${i}\n`);
    for (const [path, content] of Object.entries(c.files)) parts.push(`M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
    parts.push('\n');
  });
  const res = repo.git(['fast-import', '--quiet'], { input: parts.join('') });
  if (res.code !== 0) throw new Error(`git fast-import failed: ${res.stderr}`);
}

/** A bare repository to push to, in the same object format. */
export function createRemote(sandbox: Sandbox, format: ObjectFormat): TestRepo {
  return createRepo(sandbox, format, { bare: true });
}

/**
 * Tests here block on spawnSync; vitest's worker only reads its RPC replies when the event loop
 * turns, so each test ends by letting it turn (otherwise "Timeout calling onTaskUpdate").
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A `git commit` run and whether HEAD moved. */
export type CommitRun = Run & { readonly committed: boolean };

/** The commit was refused, and the refusal did not print the secret. */
export function expectBlocked(res: CommitRun, secret: string): void {
  expect(res.committed, res.output).toBe(false);
  expect(res.code).not.toBe(0);
  expect(leaks(res.output, secret), 'raw secret in output').toBe(false);
}

export function expectCommitted(res: CommitRun, secret?: string): void {
  expect(res.committed, res.output).toBe(true);
  if (secret !== undefined) expect(leaks(res.output, secret), 'raw secret in output').toBe(false);
}

export const lines = (...l: string[]): string => `${l.join('\n')}\n`;
