/**
 * `leakproof agent hook <host> <event>`: payload on stdin → reply in the host's protocol.
 * This is on the path of every prompt and tool call, so it is reached from cli/main.ts without
 * loading commander or the reporters, and it loads only the engine pieces a decision needs.
 */
import { hostEvent, HOSTS, isHost } from '../hosts.js';
import { decide } from './decide.js';
import { parsePayload } from './payload.js';
import { failure, type HookReply, reply } from './respond.js';

/** Larger payloads (a tool output of many megabytes) are refused rather than half-checked. */
export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

export interface HookIo {
  readonly readStdin: () => Promise<Buffer>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export async function runHook(args: readonly string[], io: HookIo): Promise<HookReply> {
  const [host, name] = args;
  if (host === undefined || !isHost(host)) {
    return { stdout: '', stderr: `leakproof: agent hook: unknown host "${host ?? ''}" (expected ${HOSTS.join(', ')})\n`, code: 2 };
  }
  const event = name === undefined ? undefined : hostEvent(host, name);
  if (event === undefined) {
    return { stdout: '', stderr: `leakproof: agent hook: unknown ${host} event "${name ?? ''}"\n`, code: 2 };
  }
  try {
    const input = await io.readStdin();
    if (input.length > MAX_PAYLOAD_BYTES) return failure(host, event.role, 'payload larger than 64 MiB');
    let payload: unknown;
    try {
      payload = JSON.parse(input.toString('utf8'));
    } catch {
      return failure(host, event.role, 'the hook input is not valid JSON');
    }
    const parsed = parsePayload(host, event.role, payload);
    const verdict = await decide(parsed, { cwd: io.cwd, env: io.env });
    return reply(host, event.role, event.name, verdict, parsed.tool);
  } catch (error) {
    // Messages of our typed errors name files and rules, never scanned content.
    const message = error instanceof Error ? error.message.split('\n')[0] ?? 'error' : 'error';
    return failure(host, event.role, message);
  }
}
