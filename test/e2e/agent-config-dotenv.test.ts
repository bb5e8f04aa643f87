/**
 * Agent config files and `.env` files through `leakproof scan`: MCP configs with literal values
 * and with `${VAR}` references, and `.env` files in every git state. Values are generated here.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeAwsKeyId as awsKeyId, randomBase62 } from '../helpers/fake-secrets.js';
import { leaks, runCli, tempDir } from '../helpers/run-cli.js';

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  severity: string;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

function scanJson(dir: string, args: readonly string[] = ['.']): { code: number; findings: JsonFinding[]; notes: string[]; out: string } {
  const r = runCli(['scan', ...args, '--format', 'json'], { cwd: dir });
  const parsed = JSON.parse(r.stdout) as { findings: JsonFinding[]; summary: { notes?: string[] } };
  return { code: r.code, findings: parsed.findings, notes: parsed.summary.notes ?? [], out: r.stdout + r.stderr };
}

function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'ignore' });
}

describe('agent and MCP configuration files', () => {
  const literal = (): string => randomBase62(32);

  it('reports literal credentials in env, headers, arguments and permission rules, whatever the provider', () => {
    const dir = tempDir('lp-mcp-');
    const [env, header, arg, bearer, toml] = [literal(), literal(), literal(), literal(), literal()];
    write(dir, {
      '.mcp.json': JSON.stringify({ mcpServers: { acme: { command: 'npx', args: ['-y', '@acme/mcp'], env: { ACME_API_KEY: env, LOG_LEVEL: 'debug' } } } }, null, 2),
      '.vscode/mcp.json': JSON.stringify({ servers: { crm: { type: 'http', url: 'https://mcp.example.invalid/mcp', headers: { 'X-API-Key': header } } } }, null, 2),
      '.cursor/mcp.json': JSON.stringify({ mcpServers: { search: { command: 'acme-search', args: ['--api-key', arg] } } }, null, 2),
      '.claude/settings.local.json': JSON.stringify({ permissions: { allow: [`Bash(curl -H "Authorization: Bearer ${bearer}" https://api.example.invalid)`] } }, null, 2),
      '.codex/config.toml': `[mcp_servers.acme]\ncommand = "acme-mcp"\n\n[mcp_servers.acme.env]\nACME_TOKEN = "${toml}"\n`,
    });
    const { code, findings, out } = scanJson(dir);
    expect(code).toBe(1);
    expect(findings.map((f) => `${f.file} ${f.ruleId}`).sort()).toEqual([
      '.claude/settings.local.json agent-config-authorization-header',
      '.codex/config.toml agent-config-toml-credential',
      '.cursor/mcp.json agent-config-credential-argument',
      '.mcp.json agent-config-literal-credential',
      '.vscode/mcp.json agent-config-literal-credential',
    ]);
    for (const s of [env, header, arg, bearer, toml]) expect(leaks(out, s)).toBe(false);
  });

  it('accepts environment references, input prompts and variable names', () => {
    const dir = tempDir('lp-mcp-ok-');
    write(dir, {
      '.mcp.json': JSON.stringify({ mcpServers: { acme: { command: 'npx', env: { ACME_API_KEY: '${ACME_API_KEY}' }, args: ['--token', '${ACME_TOKEN}'] } } }),
      '.vscode/mcp.json': JSON.stringify({ inputs: [{ id: 'key', type: 'promptString', password: true }], servers: { crm: { headers: { 'X-API-Key': '${input:key}' } } } }),
      '.claude/settings.json': JSON.stringify({ permissions: { allow: ['Bash(curl -H "Authorization: Bearer $TOKEN" https://api.example.invalid)'] } }),
      '.codex/config.toml': '[mcp_servers.docs]\nurl = "https://mcp.example.invalid"\nbearer_token_env_var = "DOCS_MCP_TOKEN"\n',
    });
    const { code, findings } = scanJson(dir);
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('still names the provider when a provider rule knows the token', () => {
    const dir = tempDir('lp-mcp-aws-');
    write(dir, { '.mcp.json': JSON.stringify({ mcpServers: { aws: { env: { AWS_ACCESS_KEY_ID: awsKeyId() } } } }) });
    expect(scanJson(dir).findings.map((f) => f.ruleId)).toEqual(['aws-access-key-id']);
  });
});

describe('.env files by git state', () => {
  function repo(): string {
    const dir = tempDir('lp-dotenv-');
    git(dir, 'init', '-q');
    return dir;
  }
  const byFile = (findings: readonly JsonFinding[]): Record<string, string> =>
    Object.fromEntries(findings.map((f) => [f.file, `${f.ruleId}/${f.severity}`]));

  it('judges each state: ignored (silent), not ignored, staged, tracked, templates with placeholders or real values', () => {
    const dir = repo();
    const realValue = randomBase62(32);
    write(dir, {
      '.gitignore': '.env\n',
      '.env': 'DB_HOST=localhost\n',
      'api/.env.local': 'FEATURE_FLAG=1\n',
      'web/.env.production': 'CDN=cdn.example.invalid\n',
      'old/.env': 'X=1\n',
      '.env.example': 'SESSION_SECRET=\nACME_API_KEY=your-acme-key-here\n',
      'svc/.env.sample': `DATABASE_URL=postgres://localhost/app\nSESSION_SECRET=${realValue}\n`,
    });
    git(dir, 'add', '-f', 'old/.env');
    git(dir, 'commit', '-qm', 'old');
    git(dir, 'add', 'web/.env.production');
    const { code, findings, out } = scanJson(dir);
    expect(code).toBe(1);
    expect(byFile(findings)).toEqual({
      'api/.env.local': 'dotenv-not-ignored/medium',
      'web/.env.production': 'dotenv-staged/high',
      'old/.env': 'dotenv-tracked/high',
      'svc/.env.sample': 'dotenv-template-value/medium',
    });
    expect(findings.find((f) => f.file === 'svc/.env.sample')?.line).toBe(2);
    expect(leaks(out, realValue)).toBe(false);
  });

  it('the staged guard reports a staged .env (high when it holds values, low when empty)', () => {
    const dir = repo();
    write(dir, { '.env': 'TOKEN=abc\n', 'empty.env': '# nothing yet\nTOKEN=\n' });
    git(dir, 'add', '-f', '.env', 'empty.env');
    const r = runCli(['scan', '--staged', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(byFile(JSON.parse(r.stdout).findings as JsonFinding[])).toEqual({ '.env': 'dotenv-staged/high', 'empty.env': 'dotenv-staged/low' });
  });

  it('a folder path allowlisted in the config is left alone', () => {
    const dir = repo();
    write(dir, { '.leakproof.toml': '[allowlist]\npaths = ["fixtures/**"]\n', 'fixtures/.env': 'A=1\n' });
    expect(scanJson(dir).findings).toEqual([]);
  });

  it('a baseline records a tracked .env, and only that file: a new one is still reported', () => {
    const dir = repo();
    write(dir, { 'legacy/.env': 'A=1\n' });
    git(dir, 'add', '-f', 'legacy/.env');
    git(dir, 'commit', '-qm', 'legacy');
    expect(scanJson(dir).code).toBe(1);
    const created = runCli(['baseline', 'create', '--any-path'], { cwd: dir });
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('1 entry');
    const { code, findings } = scanJson(dir, ['.', '--baseline']);
    expect(findings).toEqual([]);
    expect(code).toBe(0);
    write(dir, { 'other/.env': 'B=2\n' });
    git(dir, 'add', '-f', 'other/.env');
    expect(byFile(scanJson(dir, ['.', '--baseline']).findings)).toEqual({ 'other/.env': 'dotenv-staged/high' });
  });

  it('outside a git repository the state check is skipped and said so', () => {
    const dir = tempDir('lp-dotenv-norepo-');
    write(dir, { '.env': 'A=1\n' });
    const { code, findings, notes } = scanJson(dir);
    expect(findings).toEqual([]);
    expect(code).toBe(0);
    expect(notes.join('\n')).toMatch(/not inside a git work tree: the \.env git-state check .* was skipped/);
    const verbose = runCli(['scan', '.', '-v'], { cwd: dir });
    expect(verbose.stderr).toContain('leakproof: note:');
  });
});
