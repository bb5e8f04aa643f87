/**
 * The coding agents leakproof hooks into, and what each one's documented hook events mean to
 * us. Event names are each host's own (they are what the installed command line carries).
 *
 * - Claude Code: settings.json `hooks`, events UserPromptSubmit / PreToolUse / PostToolUse.
 * - Cursor: hooks.json (`version: 1`), events beforeSubmitPrompt / beforeShellExecution /
 *   beforeMCPExecution / afterFileEdit (after the fact: Cursor documents no hook that can stop
 *   an agent's file edit).
 * - Codex CLI: hooks.json, Claude-compatible events and wire format.
 * - Gemini CLI: settings.json `hooks`, events BeforeAgent / BeforeTool / AfterTool.
 */
export const HOSTS = ['claude', 'cursor', 'codex', 'gemini'] as const;
export type HostId = (typeof HOSTS)[number];

/** What an event lets us do. */
export type EventRole = 'prompt' | 'pre-tool' | 'post-tool' | 'after-edit';

export interface HostEvent {
  readonly name: string;
  readonly role: EventRole;
  /** Tool-name matcher written into the host config (hosts that support one). */
  readonly matcher?: string;
}

export const HOST_EVENTS: Readonly<Record<HostId, readonly HostEvent[]>> = {
  claude: [
    { name: 'UserPromptSubmit', role: 'prompt' },
    { name: 'PreToolUse', role: 'pre-tool', matcher: 'Write|Edit|MultiEdit|NotebookEdit|Bash|mcp__.*' },
    { name: 'PostToolUse', role: 'post-tool', matcher: 'Bash|Read|Grep|WebFetch|mcp__.*' },
  ],
  cursor: [
    { name: 'beforeSubmitPrompt', role: 'prompt' },
    { name: 'beforeShellExecution', role: 'pre-tool' },
    { name: 'beforeMCPExecution', role: 'pre-tool' },
    { name: 'afterFileEdit', role: 'after-edit' },
  ],
  codex: [
    { name: 'UserPromptSubmit', role: 'prompt' },
    { name: 'PreToolUse', role: 'pre-tool', matcher: 'Bash|apply_patch|mcp__.*' },
    { name: 'PostToolUse', role: 'post-tool', matcher: 'Bash|mcp__.*' },
  ],
  gemini: [
    { name: 'BeforeAgent', role: 'prompt' },
    { name: 'BeforeTool', role: 'pre-tool', matcher: 'write_file|replace|run_shell_command|mcp__.*' },
    { name: 'AfterTool', role: 'post-tool', matcher: 'run_shell_command|read_file|read_many_files|web_fetch|mcp__.*' },
  ],
};

export function isHost(value: string): value is HostId {
  return (HOSTS as readonly string[]).includes(value);
}

export function hostEvent(host: HostId, name: string): HostEvent | undefined {
  return HOST_EVENTS[host].find((e) => e.name === name);
}
