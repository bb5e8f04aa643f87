/**
 * Is a path ignored by git? Asked only when a secret is about to be written somewhere: only
 * git's own "ignored" lets that write through.
 *
 * Asking git costs a process (`node:child_process` and git's start, 6–9 ms of an agent hook whose
 * budget is Node's own start-up), and most such writes go to files no ignore pattern is about.
 * So the ignore files are read first, and when they prove the path is *not* ignored git is not
 * asked. The proof: a gitignore glob can match a path, one of its parent directories or its
 * name only if the path holds every literal fragment of the glob (the text between wildcards,
 * bracket expressions and slashes); compared case-folded, which also covers `core.ignoreCase`.
 * Negations only un-ignore and are skipped. Anything this does not model goes to git: variables
 * that move the repository or its config, a `.git` file (linked worktree, submodule),
 * configs that name another excludes file or include other configs, unreadable files. A wrong "not ignored" could only
 * refuse a write that git would allow, never the reverse.
 */
import { existsSync, readFileSync, type Stats, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

export type IgnoreState = 'ignored' | 'not-ignored' | 'outside-repo';

type Env = Readonly<Record<string, string | undefined>>;

export async function gitIgnoreState(absPath: string, env: Env): Promise<IgnoreState> {
  if (provablyNotIgnored(absPath, env)) return 'not-ignored';
  // Loads node:child_process: only when the ignore files could not settle it.
  const { runGit } = await import('../git/run-git.js');
  let dir = dirname(absPath);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  // check-ignore consults the index too: a tracked file is "not ignored" whatever .gitignore says.
  const res = runGit(['check-ignore', '-q', '--', absPath], { cwd: dir, env, timeoutMs: 10_000 }, { phase: 'setup', okCodes: [1, 128] });
  if (res.code === 0) return 'ignored';
  if (res.code === 1) return 'not-ignored';
  return 'outside-repo';
}

/**
 * Variables that move the repository, its index or its config, or change how a path argument is
 * read (git(1) "Environment Variables"). GIT_CONFIG_GLOBAL and GIT_CONFIG_SYSTEM only name config
 * files, which are read here as well; the rest (GIT_SSH_COMMAND, GIT_SSL_CAINFO, …) do not bear
 * on ignore rules.
 */
const REPOSITORY_VARIABLES = /^GIT_(?:DIR|WORK_TREE|COMMON_DIR|INDEX_FILE|CEILING_DIRECTORIES|DISCOVERY_ACROSS_FILESYSTEM|CONFIG|CONFIG_COUNT|CONFIG_KEY_\d+|CONFIG_VALUE_\d+|CONFIG_PARAMETERS|[A-Z]+_PATHSPECS)$/;

/** True only when no ignore pattern git would read can match `absPath` (see the module note). */
export function provablyNotIgnored(absPath: string, env: Env): boolean {
  if (Object.keys(env).some((name) => REPOSITORY_VARIABLES.test(name))) return false;
  const top = repositoryTop(dirname(absPath));
  if (top === undefined) return false;
  const rel = relative(top, absPath).split(sep).join('/');
  if (rel === '' || rel.startsWith('../') || rel === '.git' || rel.startsWith('.git/')) return false;

  const home = env.HOME;
  const xdg = env.XDG_CONFIG_HOME || (home ? join(home, '.config') : undefined);
  // Every config git might read (reading one it would skip only sends more cases to git).
  const configs = [env.GIT_CONFIG_SYSTEM || '/etc/gitconfig', join(top, '.git', 'config')];
  if (env.GIT_CONFIG_GLOBAL) configs.push(env.GIT_CONFIG_GLOBAL);
  if (home) configs.push(join(home, '.gitconfig'));
  if (xdg) configs.push(join(xdg, 'git', 'config'));
  for (const file of configs) {
    const text = readOptional(file);
    if (text === undefined || /excludesfile|\[\s*include|worktreeconfig/i.test(text)) return false;
  }

  const ignoreFiles = [join(top, '.git', 'info', 'exclude')];
  if (xdg) ignoreFiles.push(join(xdg, 'git', 'ignore'));
  const parts = rel.split('/');
  for (let depth = 0; depth < parts.length; depth++) ignoreFiles.push(join(top, ...parts.slice(0, depth), '.gitignore'));
  const path = rel.toLowerCase();
  for (const file of ignoreFiles) {
    const text = readOptional(file);
    if (text === undefined || text.split('\n').some((line) => couldMatch(line, path))) return false;
  }
  return true;
}

/** Could gitignore line `line` match `path` (case-folded, relative to the top), a parent or its name? */
export function couldMatch(line: string, path: string): boolean {
  const pattern = line.replace(/^\uFEFF/, '');
  if (pattern.trim() === '' || pattern.startsWith('#') || pattern.startsWith('!')) return false;
  // Splitting at white space too drops git's trailing-space rules from the question.
  const fragments = pattern
    .toLowerCase()
    .replace(/\\(.)/g, '$1')
    .replace(/\[[^\]]*\]?/g, '*')
    .split(/[*?/\\\s]+/)
    .filter((fragment) => fragment !== '');
  return fragments.every((fragment) => path.includes(fragment));
}

/** The nearest directory above `dir` holding a `.git` directory; undefined at a `.git` file or none. */
function repositoryTop(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const dotGit = statOptional(join(at, '.git'));
    if (dotGit !== undefined) return dotGit.isDirectory() ? at : undefined;
    if (dirname(at) === at) return undefined;
  }
}

function statOptional(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    // ENOTDIR: a file where a directory of the path should be; nothing below it exists.
    return undefined;
  }
}

/** A file's text; '' when it does not exist, undefined when it exists but cannot be read. */
function readOptional(file: string): string | undefined {
  try {
    // Most of these files do not exist: a stat says so without the exception a failed read throws.
    if (statSync(file, { throwIfNoEntry: false }) === undefined) return '';
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? '' : undefined;
  }
}
