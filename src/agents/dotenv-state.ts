/**
 * `.env` hygiene by git state. A `.env` file is where secrets are supposed to live — on this
 * machine, ignored by git. The risk is git state, not content: a `.env` that is tracked,
 * staged, or present but not covered by `.gitignore` (one `git add .` away from a commit).
 * Templates (`.env.example`, `.env.sample`, `.env.template`, `.env.dist`) are meant to be
 * committed; their content is checked by rules/dotenv.toml instead.
 *
 * Findings carry no secret: the file is the problem. Outside a git work tree there is no
 * state to check; the caller is told so (the scan reports it in its notes).
 */
import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Policy } from '../config/policy.js';
import { fingerprint } from '../engine/fingerprint.js';
import { runGit } from '../git/run-git.js';
import type { Finding, Severity } from '../model.js';
import type { PathFindings } from '../scan.js';
import { toPosix } from '../sources/fs-tree.js';
import { readFileCapped } from '../sources/read-file.js';

export const DOTENV_RULES = {
  tracked: 'dotenv-tracked',
  staged: 'dotenv-staged',
  notIgnored: 'dotenv-not-ignored',
} as const;

/** `.env`, `.env.<name>` and `<name>.env`, wherever they are. */
const PATHSPECS = [':(glob)**/.env', ':(glob)**/.env.*', ':(glob)**/*.env'];
const TEMPLATE = /(^|\/)(\.env(\.[^/]+)?|[^/]+\.env)\.(example|sample|template|dist)$/;
const ENV_NAME = /(^|\/)(\.env(\.[^/]+)?|[^/]+\.env)$/;

export function isDotenvFile(path: string): boolean {
  return ENV_NAME.test(path) && !TEMPLATE.test(path);
}

/** Number of `NAME=value` lines with a non-empty value. */
export function countValues(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=\s*(.*?)\s*$/.exec(line);
    if (m && !/^(["']?)\1$/.test(m[1] ?? '')) n++;
  }
  return n;
}

export interface DotenvState {
  /** False outside a git work tree: nothing was checked. */
  readonly checked: boolean;
  readonly note?: string;
  readonly findings: readonly Finding[];
}

export interface DotenvContext {
  /** Folder to check (and everything below it). */
  readonly dir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Prefix that turns a path relative to `dir` into a reported path ('' or ending in '/'). */
  readonly prefix?: string;
}

function list(args: readonly string[], ctx: DotenvContext): string[] {
  const res = runGit(args, { cwd: ctx.dir, env: ctx.env }, { phase: 'scan' });
  return res.stdout.toString('utf8').split('\0').filter((p) => p !== '' && isDotenvFile(p));
}

function indexContent(path: string, ctx: DotenvContext): string | undefined {
  const res = runGit(['cat-file', 'blob', `:./${path}`], { cwd: ctx.dir, env: ctx.env }, { phase: 'scan', okCodes: [128] });
  return res.code === 0 ? res.stdout.toString('utf8') : undefined;
}

function finding(rule: string, path: string, severity: Severity, description: string, values: number | undefined): Finding {
  const held = values === undefined ? 'content unknown' : values === 0 ? 'no values' : `${values} value${values === 1 ? '' : 's'}`;
  return {
    ruleId: rule,
    description,
    severity,
    file: path,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    preview: held,
    fingerprint: fingerprint(rule, path),
    entropy: 0,
    // The file is the finding: there is no secret value to hide or to show.
    secret: '',
  };
}

function insideWorkTree(ctx: DotenvContext): boolean {
  const res = runGit(['rev-parse', '--is-inside-work-tree'], { cwd: ctx.dir, env: ctx.env }, { phase: 'scan', okCodes: [128] });
  return res.code === 0 && res.stdout.toString('utf8').trim() === 'true';
}

function skipped(ctx: DotenvContext): DotenvState {
  const where = ctx.prefix ? ctx.prefix.replace(/\/$/, '') : 'the scanned folder';
  return { checked: false, note: `${where} is not inside a git work tree: the .env git-state check (tracked / staged / not ignored) was skipped`, findings: [] };
}

/**
 * What the next commit would add or change: the `.env` files among the staged paths, which the
 * staged scan has already listed (from the repository top) — no second round of git calls on
 * the hook path.
 */
export function stagedDotenv(ctx: DotenvContext, stagedPaths: readonly string[]): DotenvState {
  const prefix = ctx.prefix ?? '';
  const findings = stagedPaths.filter(isDotenvFile).map((path) => {
    const content = indexContent(path, ctx);
    const values = content === undefined ? undefined : countValues(content);
    // Unknown content counts as holding values: the guard fails closed.
    const severity: Severity = values === 0 ? 'low' : 'high';
    return finding(DOTENV_RULES.staged, prefix + path, severity, '.env file staged for commit', values);
  });
  return { checked: true, findings };
}

/** Every `.env` file below `dir` that is tracked, staged, or present and not ignored. */
export function dotenvState(ctx: DotenvContext, read: (path: string) => string | undefined): DotenvState {
  if (!insideWorkTree(ctx)) return skipped(ctx);
  const prefix = ctx.prefix ?? '';
  const staged = new Set(list(['diff', '--cached', '--name-only', '-z', '--relative', '--no-renames', '--diff-filter=AMCRT', '--', ...PATHSPECS], ctx));
  const tracked = list(['ls-files', '-z', '--cached', '--', ...PATHSPECS], ctx);
  const untracked = list(['ls-files', '-z', '--others', '--exclude-standard', '--', ...PATHSPECS], ctx);
  const findings: Finding[] = [];
  for (const path of tracked) {
    const content = read(path) ?? indexContent(path, ctx);
    const values = content === undefined ? undefined : countValues(content);
    const severity: Severity = values === 0 ? 'low' : 'high';
    findings.push(
      staged.has(path)
        ? finding(DOTENV_RULES.staged, prefix + path, severity, '.env file staged for commit', values)
        : finding(DOTENV_RULES.tracked, prefix + path, severity, '.env file tracked by git', values),
    );
  }
  for (const path of untracked) {
    const content = read(path);
    const values = content === undefined ? undefined : countValues(content);
    const severity: Severity = values === 0 ? 'low' : 'medium';
    findings.push(finding(DOTENV_RULES.notIgnored, prefix + path, severity, '.env file not covered by .gitignore', values));
  }
  return { checked: true, findings };
}

export type DotenvScope =
  | { readonly kind: 'tree'; readonly dirs: readonly string[]; readonly root: string }
  | { readonly kind: 'staged'; readonly root: string; readonly paths: readonly string[] };

/** The scope of a scan of files and folders: the folders among them (a single file has no git state to judge). */
export function treeScope(absPaths: readonly string[], root: string): DotenvScope {
  return { kind: 'tree', dirs: absPaths.filter((p) => statSync(p, { throwIfNoEntry: false })?.isDirectory() === true), root };
}

/**
 * The `.env` git-state findings (and notes) of a scan's scope. They are about files, not bytes,
 * so they go through the scan's baseline like any finding (`ScanOptions.pathFindings`).
 */
export function dotenvFindings(scope: DotenvScope, env: Readonly<Record<string, string | undefined>>, policy: Policy): PathFindings {
  const states: DotenvState[] = [];
  if (scope.kind === 'staged') {
    states.push(stagedDotenv({ dir: scope.root, env }, scope.paths));
  } else {
    for (const dir of scope.dirs) {
      const rel = toPosix(relative(scope.root, dir));
      const prefix = rel === '' ? '' : `${rel}/`;
      states.push(dotenvState({ dir, env, prefix }, (path) => readSmall(join(dir, path))));
    }
  }
  const seen = new Set<string>();
  const findings = states
    .flatMap((s) => s.findings)
    .filter((f) => !policy.forPath(f.file).pathAllowed)
    .filter((f) => (seen.has(f.file) ? false : (seen.add(f.file), true)));
  return { findings, notes: states.flatMap((s) => (s.note === undefined ? [] : [s.note])) };
}

/** `.env` files are small; anything larger is read as "content unknown" (treated as holding values). */
function readSmall(abs: string): string | undefined {
  const read = readFileCapped(abs, 1024 * 1024);
  return read.ok ? read.content.toString('utf8') : undefined;
}
