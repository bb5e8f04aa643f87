/**
 * MCP tool output handed back to the model "redacted" must not hold the secret (review item 1):
 * the verdict and the redaction come from one scan of the same text, and output whose secrets
 * cannot all be replaced is withheld whole. Runs the CLI as a process on the recorded Claude
 * Code payload with its tool_response swapped for outputs that only key context identifies.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomBase62, reportable } from '../helpers/fake-secrets.js';
import { leaks, REPO_ROOT, runCli, tempDir } from '../helpers/run-cli.js';

type Json = Record<string, unknown>;

let repo: string;
beforeAll(() => {
  repo = tempDir('lp-mcp-');
  execFileSync('git', ['init', '-q'], { cwd: repo });
});

/** A key-shaped value only the variable name identifies (a digit and a letter, high entropy). */
function contextKey(): string {
  return reportable(() => `7${randomBase62(31)}a`);
}

function recorded(response: unknown, event = 'PostToolUse'): string {
  const text = readFileSync(join(REPO_ROOT, 'test/fixtures/agents/claude/PostToolUse-mcp.json'), 'utf8').replaceAll('__CWD__', repo);
  const payload = JSON.parse(text) as Json;
  return JSON.stringify({ ...payload, hook_event_name: event, tool_response: response });
}

function hook(host: string, event: string, input: string): { out: Json; raw: string } {
  const r = runCli(['agent', 'hook', host, event], { cwd: repo, input });
  expect(r.code).toBe(0);
  return { out: JSON.parse(r.stdout) as Json, raw: r.stdout + r.stderr };
}

describe('agent hook: MCP output with a secret identified by its key', () => {
  for (const host of ['claude', 'codex']) {
    it(`${host}: updatedMCPToolOutput replaces the value, the raw key never reaches stdout/stderr`, () => {
      const secret = contextKey();
      const { out, raw } = hook(host, 'PostToolUse', recorded({ flickr_api_key: secret, note: 'ok' }));
      expect(leaks(raw, secret)).toBe(false);
      const specific = out.hookSpecificOutput as Json;
      expect(specific.updatedMCPToolOutput).toMatchObject({ note: 'ok' });
      expect(JSON.stringify(specific.updatedMCPToolOutput)).toMatch(/\[REDACTED:provider-context-api-key:[0-9a-f]{4}\]/);
    });
  }

  it('gemini: the deny reason carries the redacted output, not the key', () => {
    const secret = contextKey();
    const input = JSON.stringify({
      cwd: repo,
      hook_event_name: 'AfterTool',
      tool_name: 'mcp_tool',
      tool_input: {},
      tool_response: { llmContent: { flickr_api_key: secret } },
    });
    const { out, raw } = hook('gemini', 'AfterTool', input);
    expect(leaks(raw, secret)).toBe(false);
    expect(out.decision).toBe('deny');
    expect(String(out.reason)).toMatch(/\[REDACTED:provider-context-api-key:[0-9a-f]{4}\]/);
    expect(String(out.reason)).not.toContain('null');
  });

});
