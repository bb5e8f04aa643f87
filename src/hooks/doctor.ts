/**
 * `leakproof doctor`: proves the guard works in this repository instead of trusting files.
 * It checks where git looks for hooks, that the hook there is executable and runs leakproof,
 * and then runs that hook the way git does against a canary secret staged in a temporary
 * index (a copy; objects go to a temporary object folder), so the user's index, tree and
 * object store are never touched.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { Repo } from '../git/repo.js';
import { DEFAULT_GIT_TIMEOUT_MS, firstLine, gitEnv, gitText, HARDENING, runGit } from '../git/run-git.js';
import { describeLocation, type GuardTarget, hookStatuses, shadowedHooks } from './guard.js';

export interface Check {
  readonly level: 'ok' | 'warn' | 'fail';
  readonly text: string;
}

export const CANARY_RULE = 'leakproof-canary';
export const CANARY_PATH = '.leakproof-doctor-canary.txt';

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function makeCanary(): string {
  return `lpcanary_${[...randomBytes(32)].map((b) => B62[b % 62] ?? 'x').join('')}`;
}

export function doctorChecks(target: GuardTarget): Check[] {
  const checks: Check[] = [{ level: 'ok', text: describeLocation(target) }];
  for (const path of shadowedHooks(target)) {
    const setting = target.location.hooksPath;
    checks.push({
      level: 'fail',
      text: `${path} is never run: core.hooksPath (${setting?.scope ?? '?'} config) = ${setting?.value ?? '?'} points git elsewhere`,
    });
  }
  for (const s of hookStatuses(target)) {
    const level = s.active ? 'ok' : s.name === 'pre-commit' ? 'fail' : 'warn';
    const why = s.active ? '' : s.name === 'pre-merge-commit' ? ' — merges that need no conflict resolution are not checked' : s.name === 'pre-push' ? ' — optional: guard install --pre-push' : '';
    checks.push({ level, text: `${s.name}: ${s.detail}${why}` });
  }
  checks.push(canaryCheck(target.repo, target.top));
  return checks;
}

/** Stages a canary in a throw-away index and runs the pre-commit hook as git would. */
export function canaryCheck(repo: Repo, top: string): Check {
  const tmp = mkdtempSync(join(tmpdir(), 'leakproof-doctor-'));
  try {
    const index = join(tmp, 'index');
    const current = repo.ctx.env.GIT_INDEX_FILE ?? gitText(['rev-parse', '--git-path', 'index'], repo.ctx, { phase: 'setup' });
    const currentPath = isAbsolute(current) ? current : resolve(repo.ctx.cwd, current);
    if (existsSync(currentPath)) copyFileSync(currentPath, index);
    const objects = join(tmp, 'objects');
    mkdirSync(objects);
    const env = {
      GIT_INDEX_FILE: index,
      GIT_OBJECT_DIRECTORY: objects,
      GIT_ALTERNATE_OBJECT_DIRECTORIES: join(repo.commonDir, 'objects'),
    };
    const canary = makeCanary();
    const oid = gitText(['hash-object', '-w', '--stdin'], repo.ctx, { phase: 'setup', input: `leakproof doctor canary: ${canary}\n`, env });
    runGit(['update-index', '--add', '--cacheinfo', `100644,${oid},${CANARY_PATH}`], repo.ctx, { phase: 'setup', env });
    const run = runPreCommit(repo, top, { ...env, LEAKPROOF_SKIP_CHAINED: '1' });
    const output = `${run.stdout}\n${run.stderr}`;
    if (output.includes(canary)) return { level: 'fail', text: 'the hook printed the raw canary secret: its output is not redacted' };
    if (run.code !== 0 && output.includes(CANARY_RULE)) {
      return { level: 'ok', text: 'the pre-commit hook blocked a canary secret staged in a temporary index (your index and files were not touched)' };
    }
    if (/cannot find a hook named/.test(run.stderr)) return { level: 'fail', text: 'git found no pre-commit hook to run: a commit with a secret would go through' };
    if (run.code === 0) return { level: 'fail', text: 'the pre-commit hook let a canary secret through: commits are not being checked' };
    const why = firstLine(run.stderr) || firstLine(run.stdout) || `exit ${run.code}`;
    return { level: 'fail', text: `the pre-commit hook failed without reporting the canary (${why})` };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

interface HookRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `git hook run pre-commit` (git ≥ 2.36): git itself finds the hook, as a commit would. */
function runPreCommit(repo: Repo, top: string, env: Readonly<Record<string, string>>): HookRun {
  const res = spawnSync('git', [...HARDENING, 'hook', 'run', 'pre-commit'], {
    cwd: top,
    env: gitEnv(repo.ctx.env, env),
    input: '',
    encoding: 'utf8',
    timeout: repo.ctx.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error) return { code: -1, stdout: '', stderr: `cannot run git hook run (${(res.error as NodeJS.ErrnoException).code ?? res.error.message})` };
  if (res.status === 1 && /'hook' is not a git command/.test(res.stderr)) {
    return { code: -1, stdout: '', stderr: 'git is older than 2.36 (no `git hook run`); upgrade git to use doctor' };
  }
  // `git hook run` exits 0 when there is no hook at all.
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}
