/**
 * `leakproof agent hook <host> <event>` as the agents run it: a separate process, the host's
 * payload on stdin (test/fixtures/agents, written from each host's documented schema), the
 * answer checked against that host's documented protocol. Every payload is run twice: with a
 * fake secret (refused or flagged) and with a harmless value (let through). No output may
 * contain the secret.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsKeyId as awsKeyId, randomBase62 } from '../helpers/fake-secrets.js';
import { leaks, REPO_ROOT, runCli, tempDir } from '../helpers/run-cli.js';

type Json = Record<string, unknown>;

interface Case {
  readonly host: 'claude' | 'cursor' | 'codex' | 'gemini';
  readonly event: string;
  readonly fixture: string;
  /** Refused even without a secret (a hook-bypass command). */
  readonly bypass?: boolean;
  /** Checks the answer when leakproof objects. */
  readonly refused: (out: Json | undefined, stderr: string) => void;
}

function parse(stdout: string): Json | undefined {
  return stdout.trim() === '' ? undefined : (JSON.parse(stdout) as Json);
}

const preToolDeny = (out: Json | undefined): void => {
  const specific = out?.hookSpecificOutput as Json | undefined;
  expect(specific?.hookEventName).toBe('PreToolUse');
  expect(specific?.permissionDecision).toBe('deny');
  expect(String(specific?.permissionDecisionReason)).toMatch(/^leakproof /);
};
const blockDecision = (out: Json | undefined): void => {
  expect(out?.decision).toBe('block');
  expect(String(out?.reason)).toContain('leakproof');
};
const cursorDeny = (out: Json | undefined): void => {
  expect(out?.permission).toBe('deny');
  expect(String(out?.agent_message)).toContain('leakproof');
  expect(String(out?.user_message)).toContain('leakproof');
};
const geminiDeny = (out: Json | undefined): void => {
  expect(out?.decision).toBe('deny');
  expect(String(out?.reason)).toContain('leakproof');
};

const CASES: readonly Case[] = [
  { host: 'claude', event: 'UserPromptSubmit', fixture: 'claude/UserPromptSubmit.json', refused: blockDecision },
  { host: 'claude', event: 'PreToolUse', fixture: 'claude/PreToolUse-Write.json', refused: preToolDeny },
  { host: 'claude', event: 'PreToolUse', fixture: 'claude/PreToolUse-Edit-mcp-json.json', refused: preToolDeny },
  { host: 'claude', event: 'PreToolUse', fixture: 'claude/PreToolUse-MultiEdit.json', refused: preToolDeny },
  { host: 'claude', event: 'PreToolUse', fixture: 'claude/PreToolUse-Bash.json', refused: preToolDeny },
  { host: 'claude', event: 'PreToolUse', fixture: 'claude/PreToolUse-Bash-no-verify.json', bypass: true, refused: preToolDeny },
  { host: 'claude', event: 'PostToolUse', fixture: 'claude/PostToolUse-Bash.json', refused: blockDecision },
  {
    host: 'claude',
    event: 'PostToolUse',
    fixture: 'claude/PostToolUse-mcp.json',
    refused: (out) => {
      // MCP output is replaced by its redacted copy before the model sees it.
      const specific = out?.hookSpecificOutput as Json | undefined;
      expect(specific?.hookEventName).toBe('PostToolUse');
      expect(JSON.stringify(specific?.updatedMCPToolOutput)).toMatch(/\[REDACTED:aws-access-key-id:[0-9a-f]{4}\]/);
    },
  },
  {
    host: 'cursor',
    event: 'beforeSubmitPrompt',
    fixture: 'cursor/beforeSubmitPrompt.json',
    refused: (out) => {
      expect(out?.continue).toBe(false);
      expect(String(out?.user_message)).toContain('leakproof');
    },
  },
  { host: 'cursor', event: 'beforeShellExecution', fixture: 'cursor/beforeShellExecution.json', refused: cursorDeny },
  { host: 'cursor', event: 'beforeShellExecution', fixture: 'cursor/beforeShellExecution-hooks-path.json', bypass: true, refused: cursorDeny },
  { host: 'cursor', event: 'beforeMCPExecution', fixture: 'cursor/beforeMCPExecution.json', refused: cursorDeny },
  {
    host: 'cursor',
    event: 'afterFileEdit',
    fixture: 'cursor/afterFileEdit.json',
    refused: (out, stderr) => {
      // Cursor cannot undo an edit from a hook: leakproof reports it in the hook output.
      expect(out).toEqual({});
      expect(stderr).toContain('leakproof found a secret in an edit');
    },
  },
  { host: 'codex', event: 'UserPromptSubmit', fixture: 'codex/UserPromptSubmit.json', refused: blockDecision },
  { host: 'codex', event: 'PreToolUse', fixture: 'codex/PreToolUse-Bash.json', bypass: true, refused: preToolDeny },
  { host: 'codex', event: 'PreToolUse', fixture: 'codex/PreToolUse-apply_patch.json', refused: preToolDeny },
  { host: 'codex', event: 'PostToolUse', fixture: 'codex/PostToolUse-Bash.json', refused: blockDecision },
  { host: 'gemini', event: 'BeforeAgent', fixture: 'gemini/BeforeAgent.json', refused: geminiDeny },
  { host: 'gemini', event: 'BeforeTool', fixture: 'gemini/BeforeTool-write_file.json', refused: geminiDeny },
  { host: 'gemini', event: 'BeforeTool', fixture: 'gemini/BeforeTool-run_shell_command.json', bypass: true, refused: geminiDeny },
  {
    host: 'gemini',
    event: 'AfterTool',
    fixture: 'gemini/AfterTool-read_file.json',
    refused: (out) => {
      // `deny` replaces the tool result with `reason`: the redacted output plus the warning.
      geminiDeny(out);
      expect(String(out?.reason)).toMatch(/AWS_REGION=eu-west-1\nAWS_ACCESS_KEY_ID=\[REDACTED:aws-access-key-id:[0-9a-f]{4}\]/);
    },
  },
];

let repo: string;

beforeAll(() => {
  repo = tempDir('lp-hooks-');
  execFileSync('git', ['init', '-q'], { cwd: repo });
});

function payload(fixture: string, secret: string, mcpValue: string): string {
  const text = readFileSync(join(REPO_ROOT, 'test/fixtures/agents', fixture), 'utf8');
  return text.replaceAll('__CWD__', repo).replaceAll('__SECRET__', secret).replaceAll('__MCP_VALUE__', mcpValue);
}

function hook(host: string, event: string, input: string): ReturnType<typeof runCli> {
  return runCli(['agent', 'hook', host, event], { cwd: repo, input });
}

describe('agent hook: recorded payloads of each host', () => {
  for (const c of CASES) {
    it(`${c.host} ${c.event} (${c.fixture}) with a secret: refused in the host's protocol, secret never shown`, () => {
      const secret = awsKeyId();
      const mcpValue = randomBase62(32);
      const r = hook(c.host, c.event, payload(c.fixture, secret, mcpValue));
      expect(r.code, r.stderr).toBe(0);
      c.refused(parse(r.stdout), r.stderr);
      expect(leaks(r.stdout + r.stderr, secret)).toBe(false);
      expect(leaks(r.stdout + r.stderr, mcpValue)).toBe(false);
    });

    it(`${c.host} ${c.event} (${c.fixture}) without a secret: ${c.bypass ? 'still refused (hook bypass)' : 'let through'}`, () => {
      const r = hook(c.host, c.event, payload(c.fixture, 'placeholder', '${ACME_API_KEY}'));
      expect(r.code, r.stderr).toBe(0);
      if (c.bypass) {
        c.refused(parse(r.stdout), r.stderr);
        return;
      }
      expect(r.stderr).toBe('');
      const out = parse(r.stdout);
      // Claude Code and Codex: silence; Cursor and Gemini CLI: an empty JSON object.
      if (c.host === 'claude' || c.host === 'codex') expect(out).toBeUndefined();
      else expect(out).toEqual({});
    });
  }
});

describe('agent hook: decisions around the edges', () => {
  it('lets a secret be written to a file git ignores (.env), and says so', () => {
    writeFileSync(join(repo, '.gitignore'), '.env\n');
    const secret = awsKeyId();
    const input = JSON.stringify({
      cwd: repo,
      hook_event_name: 'PreToolUse',
      tool_name: 'Write',
      tool_input: { file_path: join(repo, '.env'), content: `AWS_ACCESS_KEY_ID=${secret}\n` },
    });
    const r = hook('claude', 'PreToolUse', input);
    expect(r.code).toBe(0);
    expect(parse(r.stdout)).toEqual({ systemMessage: 'leakproof: secret written to .env (ignored by git)' });
    expect(leaks(r.stdout + r.stderr, secret)).toBe(false);
  });

  it('refuses when it cannot check: unreadable payload (exit 2 for Claude Code / Codex / Gemini CLI, a deny for Cursor)', () => {
    for (const host of ['claude', 'codex', 'gemini']) {
      const r = hook(host, host === 'gemini' ? 'BeforeTool' : 'PreToolUse', '{not json');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^leakproof could not check this \(the hook input is not valid JSON\)/);
    }
    const cursor = hook('cursor', 'beforeShellExecution', '[]');
    expect(cursor.code).toBe(0);
    expect(parse(cursor.stdout)?.permission).toBe('deny');
  });

  it('refuses when the project config is broken rather than checking with no rules', () => {
    const dir = tempDir('lp-hooks-badcfg-');
    writeFileSync(join(dir, '.leakproof.toml'), 'this is = = not toml');
    const r = runCli(['agent', 'hook', 'claude', 'UserPromptSubmit'], { cwd: dir, input: JSON.stringify({ cwd: dir, prompt: 'hello' }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.leakproof.toml');
  });

  it('rejects an unknown host or event with exit 2', () => {
    expect(hook('vim', 'PreToolUse', '{}').code).toBe(2);
    expect(hook('claude', 'BeforeTool', '{}').code).toBe(2);
  });
});
