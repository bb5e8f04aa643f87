/**
 * `leakproof agent install|uninstall|status|hook`, and `scan --agent-history`: flags →
 * src/agents. No hook or scanning logic here.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../errors.js';
import { type HistoryScan, scanAgentHistory } from '../agents/history.js';
import { runHook } from '../agents/hook/run.js';
import { HOSTS, type HostId, isHost } from '../agents/hosts.js';
import { install, type Level, resolvable, status, uninstall } from '../agents/install.js';
import { loadSetup } from '../setup.js';
import type { CliIo, ExitState } from './io.js';

const NAMES: Readonly<Record<HostId, string>> = { claude: 'Claude Code', cursor: 'Cursor', codex: 'Codex CLI', gemini: 'Gemini CLI' };

/** What each host needs from the user after the file is written. */
const AFTER_INSTALL: Readonly<Record<HostId, string>> = {
  claude: 'Claude Code reads hook changes at start-up: restart running sessions (check with /hooks).',
  cursor: 'Cursor cannot stop a file edit from a hook (afterFileEdit only reports it): keep the git guard (`leakproof guard install`) as the backstop.',
  codex: 'Codex runs new hooks only after you review and trust them; restart running sessions.',
  gemini: 'Gemini CLI runs project hooks only in trusted folders; restart running sessions (check with /hooks panel).',
};

function hosts(names: readonly string[]): HostId[] {
  if (names.length === 0) throw new UsageError(`name a host: ${HOSTS.join(', ')}`);
  return names.map((n) => {
    if (!isHost(n)) throw new UsageError(`unknown agent "${n}" (expected ${HOSTS.join(', ')})`);
    return n;
  });
}

export function registerAgent(program: Command, io: CliIo, exit: ExitState): void {
  const agent = program.command('agent').description('guard AI coding agents (Claude Code, Cursor, Codex CLI, Gemini CLI) with hooks');
  const env = { cwd: io.cwd, env: io.env };

  agent
    .command('install')
    .description('add leakproof hooks to the agent\'s settings (project level unless --user)')
    .argument('<hosts...>', HOSTS.join(' | '))
    .option('--user', 'install for every project of this user (~/…) instead of this folder')
    .option('--command <program>', 'how the hook runs leakproof (default: leakproof on PATH)', 'leakproof')
    .action((names: string[], flags: { user?: boolean; command: string }) => {
      const level: Level = flags.user ? 'user' : 'project';
      if (/\n/.test(flags.command) || flags.command.trim() === '') throw new UsageError('--command must be a single non-empty line');
      for (const host of hosts(names)) {
        const done = install(host, level, env, flags.command.trim());
        io.stdout(`${NAMES[host]}: hooks written to ${done.path} (${done.events.join(', ')})\n  ${AFTER_INSTALL[host]}\n`);
      }
      if (!resolvable(flags.command, env)) {
        io.stderr(
          `leakproof: warning: \`${flags.command}\` is not on PATH here. Until it is, Claude Code, Codex and Gemini CLI will ` +
            'refuse every prompt and tool call (the hooks fail closed) and Cursor\'s hooks will not run. Install leakproof ' +
            'globally, or reinstall with --command "<path or npx --no-install leakproof>".\n',
        );
      }
    });

  agent
    .command('uninstall')
    .description('remove leakproof hooks from the agent\'s settings (other hooks are kept)')
    .argument('<hosts...>', HOSTS.join(' | '))
    .option('--user', 'the user-level settings instead of this folder\'s')
    .action((names: string[], flags: { user?: boolean }) => {
      const level: Level = flags.user ? 'user' : 'project';
      for (const host of hosts(names)) {
        const done = uninstall(host, level, env);
        io.stdout(`${NAMES[host]}: ${done.removed ? `hooks removed from ${done.path}` : `no leakproof hooks in ${done.path}`}\n`);
      }
    });

  agent
    .command('status')
    .description('which agents have leakproof hooks, at project and user level, and whether they can run')
    .option('--format <format>', 'text or json', 'text')
    .action((flags: { format: string }) => {
      if (flags.format !== 'text' && flags.format !== 'json') throw new UsageError(`--format must be text or json (got "${flags.format}")`);
      const all = HOSTS.flatMap((host) => (['project', 'user'] as const).map((level) => status(host, level, env)));
      if (flags.format === 'json') {
        io.stdout(`${JSON.stringify({ version: 1, agents: all }, null, 2)}\n`);
      } else {
        for (const s of all) {
          const state = s.installed.length === 0 ? 'not installed' : s.missing.length === 0 ? 'installed' : `partial (missing ${s.missing.join(', ')})`;
          io.stdout(`${`${NAMES[s.host]} (${s.level})`.padEnd(22)} ${state.padEnd(14)} ${s.path}\n`);
          for (const p of s.problems) io.stdout(`  ! ${p}\n`);
        }
      }
      const broken = all.some((s) => s.installed.length > 0 && (s.missing.length > 0 || s.problems.length > 0));
      exit.code = broken ? EXIT.findings : EXIT.clean;
    });

  agent
    .command('hook')
    .description('(run by the agent) read a hook payload on stdin and answer in the host\'s protocol')
    .argument('<host>', HOSTS.join(' | '))
    .argument('<event>', 'the host\'s event name, e.g. PreToolUse')
    .action(async (host: string, event: string) => {
      const reply = await runHook([host, event], { readStdin: io.readStdin, env: io.env, cwd: io.cwd });
      io.stdout(reply.stdout);
      io.stderr(reply.stderr);
      exit.code = reply.code;
    });
}

interface HistoryFlags {
  readonly config?: string;
  readonly staged?: boolean;
  readonly git?: unknown;
  readonly prePush?: unknown;
  readonly configFrom?: string;
  readonly stdinFilename?: string;
}

function homeOf(io: CliIo): string {
  const home = io.env.HOME ?? io.env.USERPROFILE;
  if (home === undefined || home === '') throw new UsageError('--agent-history needs HOME to find the agents\' folders');
  return home;
}

/** `scan --agent-history`: the transcripts under HOME, with this folder's policy (allowlists, custom rules). */
export async function runAgentHistory(paths: readonly string[], flags: HistoryFlags, io: CliIo): Promise<HistoryScan> {
  if (paths.length !== 1 || paths[0] !== '.') throw new UsageError('--agent-history scans the agents\' folders under your home and takes no paths');
  const other = flags.staged === true || flags.git !== undefined || flags.prePush !== undefined || flags.configFrom !== undefined || flags.stdinFilename !== undefined;
  if (other) throw new UsageError('--agent-history cannot be combined with --staged, --git, --pre-push, --config-from or --stdin-filename');
  const setup = loadSetup({ root: io.cwd, cwd: io.cwd, ...(flags.config !== undefined ? { configPath: resolve(io.cwd, flags.config) } : {}) });
  return scanAgentHistory({ home: homeOf(io), env: io.env, policy: setup.policy });
}

/** A path as the user would type it in a shell (`~/…` left outside the quotes so it expands). */
function shellPath(path: string): string {
  const [head, rest] = path.startsWith('~/') ? ['~/', path.slice(2)] : ['', path];
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(rest) ? head + rest : `${head}'${rest.replace(/'/g, "'\\''")}'`;
}

/** What to do about secrets found in transcripts: redact them in place, then rotate them. */
export function historyAdvice(result: HistoryScan): string {
  if (result.findings.length === 0) return '';
  const files = [...new Set(result.findings.map((f) => f.file))];
  const unredactable = new Set(result.unredactable);
  const rewritable = files.filter((f) => !unredactable.has(f));
  const listed = (list: readonly string[]): string => {
    const shown = list.slice(0, 20).map(shellPath);
    return `${shown.join(' ')}${list.length > shown.length ? ` … (${list.length - shown.length} more)` : ''}`;
  };
  const steps = ['  1. Rotate every key listed: transcripts are synced, backed up and attached to bug reports, so treat them as exposed.\n'];
  if (rewritable.length > 0) {
    steps.push('  2. Remove them from the transcripts (quit the agent first; a file still being written is left alone):\n' + `     leakproof redact --in-place ${listed(rewritable)}\n`);
  }
  if (unredactable.size > 0) {
    // redact rewrites text byte-exactly; transcoding these would change every other byte.
    steps.push(`  ${steps.length + 1}. These are binary or UTF-16, which \`leakproof redact\` passes through unchanged: delete them (or re-save them as UTF-8 and redact) once the keys are rotated:\n` + `     ${listed([...unredactable])}\n`);
  }
  steps.push(`  ${steps.length + 1}. Stop it happening again: leakproof agent install <claude|cursor|codex|gemini> --user\n`);
  return `\nleakproof: ${result.findings.length} secret(s) in ${files.length} agent transcript(s).\n${steps.join('')}`;
}
