/**
 * Commands that switch the git guard off. Agents reach for `--no-verify` when a hook blocks
 * them, so the agent hook refuses the usual ways of skipping or disarming git hooks and says
 * why: `commit -n`/`--no-verify` (and the same flag on push, merge, pull, am, rebase), a
 * `core.hooksPath` override for one command or set in config, husky's `HUSKY=0`, lefthook's
 * `LEFTHOOK=0`, pre-commit's `SKIP=…`, git's `GIT_CONFIG_*` environment, and deleting or
 * disabling hook files. A shell parser, not a sandbox: this stops the habit, the CI scan
 * (`leakproof scan`) remains the backstop.
 */
import { splitCommands } from './shell-words.js';

const NO_VERIFY_COMMANDS = new Set(['commit', 'push', 'merge', 'pull', 'am', 'rebase']);
/** Short options of `git commit` that take a value (the rest of a cluster is that value). */
const COMMIT_VALUE_SHORTS = new Set(['m', 'F', 'C', 'c', 't', 'S', 'u']);
/** git's global options that take a separate value. */
const GIT_VALUE_OPTIONS = new Set(['-c', '-C', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix', '--exec-path']);
/** Words that run the rest of the line as a command. */
const WRAPPERS = new Set(['sudo', 'command', 'exec', 'nohup', 'time', 'nice', 'builtin', 'then', 'do', 'else', 'elif', '!', '{', 'if', 'while', 'until']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish']);
const HOOK_PATHS = /(^|\/)(\.git\/hooks|\.husky)(\/|$)/;
const FILE_COMMANDS = new Set(['rm', 'mv', 'chmod', 'unlink', 'truncate', 'shred']);

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

function base(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

function isHooksPathKey(key: string): boolean {
  return key.toLowerCase() === 'core.hookspath';
}

/** Does this environment switch a hook manager off (or point git at other hooks)? */
function disablingEnv(name: string, value: string): string | undefined {
  const off = /^(0|false|no|off)$/i.test(value.trim());
  if (name === 'HUSKY' && off) return `${name}=${value} disables husky's git hooks`;
  if (name === 'LEFTHOOK' && off) return `${name}=${value} disables lefthook's git hooks`;
  if (name === 'SKIP' && value.trim() !== '') return `SKIP=… makes pre-commit skip hooks`;
  if (name.startsWith('GIT_CONFIG_') && /core\.hookspath/i.test(value)) return `${name} overrides core.hooksPath`;
  return undefined;
}

function noVerifyFlag(sub: string, args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    // git accepts any unambiguous prefix of a long option.
    if (/^--no-veri(f(y)?)?$/.test(arg)) return true;
    if (sub === 'commit' && /^-[A-Za-z]+$/.test(arg)) {
      for (const ch of arg.slice(1)) {
        if (ch === 'n') return true;
        if (COMMIT_VALUE_SHORTS.has(ch)) break;
      }
    }
  }
  return false;
}

function configSetsHooksPath(args: readonly string[]): boolean {
  const i = args.findIndex(isHooksPathKey);
  if (i === -1) return false;
  const reads = args.some((a) => /^--get/.test(a) || a === '--list' || a === '-l' || a === 'get' || a === 'list');
  if (reads) return false;
  const writes = args.some((a) => /^--(unset|add|replace-all)/.test(a) || a === 'set' || a === 'unset');
  return writes || i + 1 < args.length;
}

function checkGit(args: readonly string[], env: ReadonlyMap<string, string>, display: string): string | undefined {
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('-')) break;
    const [flag, attached] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = attached ?? (GIT_VALUE_OPTIONS.has(flag) ? args[++i] : undefined);
    if ((flag === '-c' || flag === '--config-env') && value !== undefined && isHooksPathKey(value.split('=')[0] ?? '')) {
      return `\`${display}\` overrides core.hooksPath, which points git away from the installed hooks`;
    }
  }
  const sub = args[i] ?? '';
  const rest = args.slice(i + 1);
  if (NO_VERIFY_COMMANDS.has(sub)) {
    if (noVerifyFlag(sub, rest)) return `\`git ${sub}\` with --no-verify${sub === 'commit' ? '/-n' : ''} skips the hooks that scan for secrets`;
    for (const [name, value] of env) {
      const why = disablingEnv(name, value);
      if (why) return `${why} for \`git ${sub}\``;
    }
  }
  if (sub === 'config' && configSetsHooksPath(rest)) {
    return '`git config core.hooksPath` changes which hooks git runs';
  }
  return undefined;
}

function checkCommand(words: readonly string[], exported: Map<string, string>, depth: number): string | undefined {
  const env = new Map(exported);
  let i = 0;
  for (; i < words.length; i++) {
    const word = words[i] ?? '';
    const assignment = ASSIGNMENT.exec(word);
    if (assignment) {
      env.set(assignment[1] ?? '', assignment[2] ?? '');
      continue;
    }
    if (WRAPPERS.has(word)) continue;
    if (word === 'env') {
      while (i + 1 < words.length && (words[i + 1] ?? '').startsWith('-')) i++;
      continue;
    }
    break;
  }
  const program = base(words[i] ?? '');
  const args = words.slice(i + 1);

  if (program === 'export' || program === 'declare' || program === 'typeset' || program === 'setenv') {
    for (const arg of args) {
      const m = ASSIGNMENT.exec(arg);
      if (!m) continue;
      const why = disablingEnv(m[1] ?? '', m[2] ?? '');
      if (why) return `\`${program} ${m[1] ?? ''}=…\`: ${why}`;
      exported.set(m[1] ?? '', m[2] ?? '');
    }
    return undefined;
  }
  if (SHELLS.has(program) || program === 'eval') {
    const c = args.indexOf('-c');
    const script = program === 'eval' ? args.join(' ') : c === -1 ? undefined : args[c + 1];
    if (script !== undefined) return findHookBypass(script, depth + 1);
    return undefined;
  }
  if (program === 'git') return checkGit(args, env, words.slice(i).join(' '));
  if (FILE_COMMANDS.has(program) && args.some((a) => HOOK_PATHS.test(a))) {
    return `\`${program}\` on git hook files disables the hooks that scan for secrets`;
  }
  if ((words.includes('>') || words.includes('<')) && words.some((w, k) => words[k - 1] === '>' && HOOK_PATHS.test(w))) {
    return 'overwriting a git hook file disables the hooks that scan for secrets';
  }
  return undefined;
}

/** Why `command` would skip or disarm git hooks, or undefined when it would not. */
export function findHookBypass(command: string, depth = 0): string | undefined {
  if (depth > 3) return undefined;
  const exported = new Map<string, string>();
  for (const words of splitCommands(command)) {
    const why = checkCommand(words, exported, depth);
    if (why) return why;
  }
  return undefined;
}
