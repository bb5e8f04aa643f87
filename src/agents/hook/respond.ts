/**
 * Verdict → each host's documented reply. Refusals are JSON decisions on stdout where the host
 * defines them (so the reason reaches the right reader); a failure inside leakproof is a
 * refusal too (exit 2 + one line on stderr, the blocking code of Claude Code, Codex and Gemini
 * CLI; a deny decision for Cursor): a guard that cannot look must not wave things through.
 */
import type { EventRole, HostId } from '../hosts.js';
import type { Flag, Verdict } from './decide.js';

export interface HookReply {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

const MAX_LISTED = 5;

function describe(flags: readonly Flag[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const f of flags) {
    const key = `${f.path ?? ''}:${f.ruleId}:${f.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const where = f.path !== undefined ? `${f.path}:${f.line}` : f.line > 1 ? `line ${f.line}` : '';
    lines.push(`${f.description} [${f.ruleId}] ${f.preview}${where ? ` (${where})` : ''}`);
  }
  const shown = lines.slice(0, MAX_LISTED).map((l) => `  - ${l}`);
  if (lines.length > MAX_LISTED) shown.push(`  - and ${lines.length - MAX_LISTED} more`);
  return shown.join('\n');
}

/** The explanation for a refusal, written for the agent (and the user reading along). */
export function refusal(role: EventRole, verdict: Verdict, tool: string | undefined): string | undefined {
  if (verdict.bypass !== undefined) {
    return (
      `leakproof refused this command: ${verdict.bypass}. Git hooks are how this repository keeps secrets ` +
      'out of commits. Do not skip or disable them: fix what the hook reported, or ask the user to commit themselves.'
    );
  }
  const flags = verdict.flags;
  if (flags.length === 0) return undefined;
  const list = describe(flags);
  if (role === 'prompt') {
    return (
      `leakproof stopped this prompt before it was sent: it contains a secret.\n${list}\n` +
      'Remove the value (point to an environment variable or a git-ignored file instead) and send it again. ' +
      'If the key is real, rotate it: it may also be in your clipboard or terminal history.'
    );
  }
  if (role === 'post-tool') {
    return (
      `leakproof: the output of ${tool ?? 'this tool'} contains a secret (shown redacted here).\n${list}\n` +
      'Do not repeat, store or commit this value; refer to it by its variable name. ' +
      'Tell the user it was exposed to the session so they can rotate it.'
    );
  }
  const writes = flags.filter((f) => f.item === 'write');
  if (writes.length > 0) {
    return (
      `leakproof refused this edit: it would write a secret into a file that git does not ignore.\n${describe(writes)}\n` +
      'Do not put credentials in files: read them from the environment (process.env.NAME, os.environ["NAME"], ${NAME}) ' +
      'and keep the values in a git-ignored .env file, or ask the user to add them.'
    );
  }
  const what = flags.some((f) => f.item === 'command') ? 'command' : `${tool ?? 'tool'} call`;
  return (
    `leakproof refused this ${what}: it contains a secret inline.\n${list}\n` +
    'Pass credentials through environment variables the user sets outside the agent session instead of writing them into commands or tool arguments.'
  );
}

function json(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

export function reply(host: HostId, role: EventRole, event: string, verdict: Verdict, tool: string | undefined): HookReply {
  const reason = refusal(role, verdict, tool);
  const silent: HookReply = { stdout: host === 'cursor' || host === 'gemini' ? '{}\n' : '', stderr: '', code: 0 };
  if (reason === undefined) {
    if (verdict.allowedWrites.length > 0 && host === 'claude' && role === 'pre-tool') {
      // Allowed, but say why so the user is not surprised a key went into a file.
      return { ...silent, stdout: json({ systemMessage: `leakproof: secret written to ${verdict.allowedWrites.join(', ')} (ignored by git)` }) };
    }
    return silent;
  }
  const mcp = tool?.startsWith('mcp__') === true;
  switch (host) {
    case 'claude':
    case 'codex':
      if (role === 'pre-tool') return { stdout: json({ hookSpecificOutput: { hookEventName: event, permissionDecision: 'deny', permissionDecisionReason: reason } }), stderr: '', code: 0 };
      if (role === 'post-tool' && mcp && verdict.redactedOutput !== undefined && verdict.bypass === undefined) {
        // MCP results can be replaced before the model sees them.
        return { stdout: json({ hookSpecificOutput: { hookEventName: event, updatedMCPToolOutput: verdict.redactedOutput, additionalContext: reason } }), stderr: '', code: 0 };
      }
      return { stdout: json({ decision: 'block', reason }), stderr: '', code: 0 };
    case 'cursor':
      if (role === 'prompt') return { stdout: json({ continue: false, user_message: reason }), stderr: '', code: 0 };
      if (role === 'after-edit') {
        // Cursor cannot undo an edit from a hook: say so where the user reads hook output.
        return { stdout: '{}\n', stderr: `${reason.replace('refused this edit', 'found a secret in an edit Cursor already made')}\n`, code: 0 };
      }
      return { stdout: json({ permission: 'deny', user_message: reason, agent_message: reason }), stderr: '', code: 0 };
    case 'gemini':
      if (role === 'post-tool') {
        // `deny` replaces the tool result the model sees with `reason`: hand it the redacted output.
        if (verdict.redactedOutput === undefined) return { stdout: json({ decision: 'deny', reason, systemMessage: reason }), stderr: '', code: 0 };
        const output = typeof verdict.redactedOutput === 'string' ? verdict.redactedOutput : JSON.stringify(verdict.redactedOutput);
        return { stdout: json({ decision: 'deny', reason: `${output}\n\n${reason}`, systemMessage: reason }), stderr: '', code: 0 };
      }
      return { stdout: json({ decision: 'deny', reason, systemMessage: reason }), stderr: '', code: 0 };
  }
}

/** leakproof could not decide (bad payload, bad config): refuse, in the host's terms. */
export function failure(host: HostId, role: EventRole, message: string): HookReply {
  const reason = `leakproof could not check this (${message}); refusing to be safe. Fix the problem or run \`leakproof agent status\`.`;
  if (host === 'cursor') {
    if (role === 'prompt') return { stdout: json({ continue: false, user_message: reason }), stderr: '', code: 0 };
    if (role === 'after-edit') return { stdout: '{}\n', stderr: `${reason}\n`, code: 0 };
    return { stdout: json({ permission: 'deny', user_message: reason, agent_message: reason }), stderr: '', code: 0 };
  }
  return { stdout: '', stderr: `${reason}\n`, code: 2 };
}
