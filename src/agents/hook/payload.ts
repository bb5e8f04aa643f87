/**
 * A host's hook payload (JSON on stdin) → the texts to check. Field names follow each host's
 * documented input schema; anything unexpected in a tool's input is still checked, as JSON.
 */
import type { EventRole, HostId } from '../hosts.js';

export type CheckItem =
  /** What the user is about to send to the model. */
  | { readonly kind: 'prompt'; readonly text: string }
  /** Text about to be written to (or just written to) `path`. */
  | { readonly kind: 'write'; readonly path: string; readonly text: string }
  /** A shell command about to run. */
  | { readonly kind: 'command'; readonly text: string }
  /** Any other tool's arguments (MCP calls, web fetches). */
  | { readonly kind: 'tool-input'; readonly tool: string; readonly text: string }
  /** A tool's result, about to reach the model. */
  | { readonly kind: 'tool-output'; readonly tool: string; readonly text: string };

export interface ParsedPayload {
  /** Folder the agent works in (scan root for config discovery and relative paths). */
  readonly cwd: string | undefined;
  readonly tool: string | undefined;
  readonly items: readonly CheckItem[];
  /** The tool's raw output value, when it can be handed back redacted. */
  readonly output?: unknown;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Every string in a JSON value, one per line (keys included: a header name can be the secret's context). */
export function stringLeaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringLeaves(v, out);
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string') out.push(`${k}: ${v}`);
      else stringLeaves(v, out);
    }
  }
  return out;
}

function asJsonText(value: unknown): string {
  if (typeof value === 'string') {
    // Some hosts pass tool arguments as a JSON string.
    try {
      return stringLeaves(JSON.parse(value) as unknown).join('\n');
    } catch {
      return value;
    }
  }
  return stringLeaves(value).join('\n');
}

/** Added lines of a Codex `apply_patch` envelope, per file. */
export function patchWrites(patch: string): CheckItem[] {
  const items: CheckItem[] = [];
  let path: string | undefined;
  let lines: string[] = [];
  const flush = (): void => {
    if (path !== undefined && lines.length > 0) items.push({ kind: 'write', path, text: `${lines.join('\n')}\n` });
    lines = [];
  };
  for (const raw of patch.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const header = /^\s*\*\*\* (?:Add|Update) File: (.+)$/.exec(line);
    if (header) {
      flush();
      path = header[1]?.trim();
      continue;
    }
    const moved = /^\s*\*\*\* Move to: (.+)$/.exec(line);
    if (moved) {
      path = moved[1]?.trim();
      continue;
    }
    if (/^\s*\*\*\* (Delete File|End Patch|Begin Patch)/.test(line)) {
      flush();
      if (!line.includes('Begin')) path = undefined;
      continue;
    }
    if (line.startsWith('+')) lines.push(line.slice(1));
  }
  flush();
  return items;
}

/** Claude Code / Codex / Gemini tool inputs → items (tool names per host). */
function toolInputItems(tool: string, input: unknown): CheckItem[] {
  const o = isObject(input) ? input : {};
  const path = str(o.file_path) ?? str(o.notebook_path) ?? str(o.path) ?? str(o.absolute_path);
  switch (tool) {
    case 'Write':
    case 'write_file':
      return [{ kind: 'write', path: path ?? '', text: str(o.content) ?? '' }];
    case 'Edit':
    case 'replace':
      return [{ kind: 'write', path: path ?? '', text: str(o.new_string) ?? '' }];
    case 'MultiEdit': {
      const edits = Array.isArray(o.edits) ? o.edits : [];
      return [{ kind: 'write', path: path ?? '', text: edits.map((e) => (isObject(e) ? (str(e.new_string) ?? '') : '')).join('\n') }];
    }
    case 'NotebookEdit':
      return [{ kind: 'write', path: path ?? '', text: str(o.new_source) ?? '' }];
    case 'Bash':
    case 'run_shell_command':
    case 'Shell': {
      const command = str(o.command) ?? (Array.isArray(o.command) ? o.command.filter((c) => typeof c === 'string').join(' ') : '');
      // Codex sends its patches through the shell tool too.
      if (command.includes('*** Begin Patch')) return patchWrites(command);
      return [{ kind: 'command', text: command }];
    }
    case 'apply_patch':
      return patchWrites(str(o.command) ?? str(o.patch) ?? str(o.input) ?? (typeof input === 'string' ? input : ''));
    default:
      return [{ kind: 'tool-input', tool, text: asJsonText(input) }];
  }
}

export function parsePayload(host: HostId, role: EventRole, payload: unknown): ParsedPayload {
  if (!isObject(payload)) throw new SyntaxError('hook payload is not a JSON object');
  const roots = Array.isArray(payload.workspace_roots) ? payload.workspace_roots.filter((r) => typeof r === 'string') : [];
  const cwd = str(payload.cwd) ?? roots[0];
  const tool = str(payload.tool_name);
  const base = { cwd, tool };

  if (role === 'prompt') return { ...base, items: [{ kind: 'prompt', text: str(payload.prompt) ?? '' }] };

  if (host === 'cursor') {
    if (role === 'after-edit') {
      const edits = Array.isArray(payload.edits) ? payload.edits : [];
      const text = edits.map((e) => (isObject(e) ? (str(e.new_string) ?? '') : '')).join('\n');
      return { ...base, items: [{ kind: 'write', path: str(payload.file_path) ?? '', text }] };
    }
    if (payload.hook_event_name === 'beforeMCPExecution' || tool !== undefined) {
      return { ...base, items: [{ kind: 'tool-input', tool: tool ?? 'mcp', text: asJsonText(payload.tool_input) }] };
    }
    return { ...base, items: [{ kind: 'command', text: str(payload.command) ?? '' }] };
  }

  if (role === 'pre-tool') return { ...base, items: toolInputItems(tool ?? '', payload.tool_input) };

  // post-tool: Claude/Codex `tool_response`, Gemini `tool_response.llmContent`.
  const response = payload.tool_response;
  const shown = host === 'gemini' && isObject(response) && 'llmContent' in response ? response.llmContent : response;
  return { ...base, items: [{ kind: 'tool-output', tool: tool ?? '', text: asJsonText(shown) }], output: shown };
}
