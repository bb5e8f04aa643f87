/**
 * `leakproof redact` and `scan --agent-history` as processes. A transcript corpus (JSON Lines
 * shaped like Claude Code, Codex and Gemini CLI sessions) gets secrets planted at build time;
 * after redaction a re-scan finds nothing and every byte outside the secrets is unchanged.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeholder } from '../../src/redact/placeholder.js';
import { fakeAwsKeyId as awsKeyId, fakeTestToken as testToken, randomBase62, TEST_RULE_TOML } from '../helpers/fake-secrets.js';
import { CLI, leaks, runCli, tempDir } from '../helpers/run-cli.js';

/** Binary-safe run of the CLI (runCli decodes output as UTF-8). */
function runBytes(args: readonly string[], input: Buffer, cwd: string): { code: number; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, input, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

interface Planted {
  readonly secret: string;
  readonly rule: string;
}

/** A Claude-Code-like session with planted secrets of three kinds, some JSON-escaped twice. */
function transcript(lines: number, planted: Planted[]): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const plant = i % 7 === 3;
    const aws = awsKeyId();
    const token = testToken();
    if (plant) planted.push({ secret: aws, rule: 'aws-access-key-id' }, { secret: token, rule: 'test-token' });
    const toolOutput = plant ? `# .env\nAWS_ACCESS_KEY_ID=${aws}\nAPI_TOKEN=${token}\nDEBUG=1\n` : `src/index.ts\nsrc/util.ts\n✓ ${i} tests passed\n`;
    out.push(
      JSON.stringify({ type: 'user', uuid: `u${i}`, message: { role: 'user', content: `step ${i}: run the tests — ünïcödé ok` } }),
      JSON.stringify({ type: 'assistant', uuid: `a${i}`, message: { content: [{ type: 'tool_use', name: 'Bash', input: { command: plant ? 'cat .env' : 'ls src' } }] } }),
      JSON.stringify({ type: 'user', uuid: `r${i}`, toolUseResult: { stdout: toolOutput, stderr: '' }, message: { content: [{ type: 'tool_result', content: toolOutput }] } }),
      // Codex-style: arguments serialised as a string inside the record (escaped twice).
      JSON.stringify({ type: 'response_item', payload: { type: 'function_call', arguments: JSON.stringify({ command: ['bash', '-lc', `echo ${plant ? token : 'hello'}`] }) } }),
    );
    if (plant) planted.push({ secret: token, rule: 'test-token' });
  }
  return `${out.join('\n')}\n`;
}

/** The input with each planted secret replaced by its placeholder (one pass: the corpus is large). */
function expectedRedaction(original: string, planted: readonly Planted[]): string {
  const rules = new Map(planted.map((p) => [p.secret, p.rule]));
  return original.replace(/AKIA[A-Z2-7]{16}|tstk_[A-Za-z0-9]{24}/g, (s) => {
    const rule = rules.get(s);
    return rule === undefined ? s : placeholder(rule, s);
  });
}

describe('leakproof redact (process)', () => {
  it('redacts a transcript corpus to zero findings, byte-identical elsewhere, every line still JSON', () => {
    const dir = tempDir('lp-redact-');
    writeFileSync(join(dir, '.leakproof.toml'), TEST_RULE_TOML);
    const planted: Planted[] = [];
    // Large enough to cross several 1 MiB windows.
    const input = transcript(6000, planted);
    expect(input.length).toBeGreaterThan(3 * 1024 * 1024);
    const r = runBytes(['redact'], Buffer.from(input, 'utf8'), dir);
    expect(r.code, r.stderr).toBe(0);
    const output = r.stdout.toString('utf8');
    expect(output).toBe(expectedRedaction(input, planted));
    for (const line of output.trimEnd().split('\n')) JSON.parse(line);
    expect(planted.some((p) => output.includes(p.secret))).toBe(false);

    writeFileSync(join(dir, 'redacted.jsonl'), output);
    const rescan = runCli(['scan', 'redacted.jsonl', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(rescan.stdout).findings).toEqual([]);
    expect(rescan.code).toBe(0);
  });

  it('matches windows of a large input on worker threads too, with the same output', () => {
    const dir = tempDir('lp-redact-par-');
    writeFileSync(join(dir, '.leakproof.toml'), TEST_RULE_TOML);
    const planted: Planted[] = [];
    // Past the 1 MiB after which workers start, so windows are matched on both threads, out of order.
    const input = transcript(12000, planted);
    expect(input.length).toBeGreaterThan(6 * 1024 * 1024);
    const r = runBytes(['redact'], Buffer.from(input, 'utf8'), dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.toString('utf8') === expectedRedaction(input, planted)).toBe(true);
  }, 60_000);

  it('redacts a PEM private key block that spans lines', () => {
    const dir = tempDir('lp-redact-pem-');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const input = `config:\n${pem}done\n`;
    const r = runBytes(['redact'], Buffer.from(input), dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.toString()).toMatch(/^config:\n\[REDACTED:private-key-pem:[0-9a-f]{4}\]\ndone\n$/);
  });

  it('passes binary through untouched, but a secret in it (or in UTF-16) makes the run incomplete (exit 3)', () => {
    const dir = tempDir('lp-redact-bin-');
    const secret = awsKeyId();
    const binary = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]), Buffer.from(` ${secret} `), Buffer.alloc(20000, 0xaa)]);
    const bin = runBytes(['redact'], binary, dir);
    expect(bin.code).toBe(3);
    expect(bin.stdout.equals(binary)).toBe(true);
    expect(bin.stderr).toContain('binary input passed through unchanged: binary content holds 1 secret(s)');
    expect(leaks(bin.stderr, secret)).toBe(false);

    const harmless = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]), Buffer.alloc(20000, 0xaa)]);
    const ok = runBytes(['redact'], harmless, dir);
    expect(ok.code).toBe(0);
    expect(ok.stdout.equals(harmless)).toBe(true);
    expect(ok.stderr).toContain('binary input passed through unchanged (no secrets found)');

    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`key ${awsKeyId()}\n`, 'utf16le')]);
    const u = runBytes(['redact'], utf16, dir);
    expect(u.code).toBe(3);
    expect(u.stdout.equals(utf16)).toBe(true);
  });

  it('--in-place rewrites atomically, keeps the mode, leaves no backup and leaves clean files alone', () => {
    const dir = tempDir('lp-redact-inplace-');
    const secret = awsKeyId();
    const dirty = join(dir, 'session.jsonl');
    const clean = join(dir, 'clean.jsonl');
    writeFileSync(dirty, `${JSON.stringify({ content: `AWS_ACCESS_KEY_ID=${secret}` })}\n`);
    writeFileSync(clean, `${JSON.stringify({ content: 'nothing here' })}\n`);
    chmodSync(dirty, 0o600);
    const cleanBefore = statSync(clean).mtimeMs;
    const r = runCli(['redact', '--in-place', 'session.jsonl', 'clean.jsonl'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('session.jsonl: 1 secret(s) redacted (aws-access-key-id)');
    expect(r.stderr).toContain('clean.jsonl: no secrets found');
    expect(readFileSync(dirty, 'utf8')).toBe(`${JSON.stringify({ content: `AWS_ACCESS_KEY_ID=${placeholder('aws-access-key-id', secret)}` })}\n`);
    expect(statSync(dirty).mode & 0o777).toBe(0o600);
    expect(statSync(clean).mtimeMs).toBe(cleanBefore);
    expect(readdirSync(dir).sort()).toEqual(['clean.jsonl', 'session.jsonl']);
    expect(leaks(r.stdout + r.stderr, secret)).toBe(false);
  });

  it('--in-place on binary or UTF-16 files holding a secret: one line per file, no content, exit 3, files untouched', () => {
    const dir = tempDir('lp-redact-inplace-enc-');
    const [a, b] = [awsKeyId(), awsKeyId()];
    const binary = Buffer.concat([Buffer.from('head\0\n'), Buffer.from(`key ${a}\n`)]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`key ${b}\n`, 'utf16le')]);
    const plain = Buffer.concat([Buffer.from('head\0\n'), Buffer.from('nothing here\n')]);
    writeFileSync(join(dir, 'a.bin'), binary);
    writeFileSync(join(dir, 'b.txt'), utf16);
    writeFileSync(join(dir, 'c.bin'), plain);
    const r = runCli(['redact', '--in-place', 'a.bin', 'b.txt', 'c.bin'], { cwd: dir });
    expect(r.code).toBe(3);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('leakproof: a.bin: binary content holds 1 secret(s) that cannot be rewritten byte-safely; NOT redacted');
    expect(lines[1]).toBe('leakproof: b.txt: utf-16 content holds 1 secret(s) that cannot be rewritten byte-safely; NOT redacted');
    expect(lines[2]).toBe('c.bin: binary content, no secrets found');
    expect(leaks(r.stdout + r.stderr, a) || leaks(r.stdout + r.stderr, b)).toBe(false);
    expect(readFileSync(join(dir, 'a.bin')).equals(binary)).toBe(true);
    expect(readFileSync(join(dir, 'b.txt')).equals(utf16)).toBe(true);
  });

  it('fails with one line and exit 2 on a missing file', () => {
    const r = runCli(['redact', '--in-place', 'nope.jsonl'], { cwd: tempDir('lp-redact-missing-') });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('leakproof scan --agent-history (process)', () => {
  function home(): { home: string; secrets: string[] } {
    const h = tempDir('lp-agent-home-');
    const secrets = [awsKeyId(), awsKeyId(), awsKeyId()];
    const claude = join(h, '.claude', 'projects', '-work-app');
    const codex = join(h, '.codex', 'sessions', '2026', '01', '15');
    const gemini = join(h, '.gemini', 'tmp', '3f2a', 'chats');
    for (const d of [claude, codex, gemini]) mkdirSync(d, { recursive: true });
    writeFileSync(join(claude, 'a1.jsonl'), `${JSON.stringify({ type: 'user', message: { content: 'hi' } })}\n${JSON.stringify({ type: 'user', message: { content: `key ${secrets[0]}` } })}\n`);
    writeFileSync(join(claude, 'notes.txt'), `not a transcript ${secrets[0]}\n`);
    writeFileSync(join(codex, 'rollout-1.jsonl'), `${JSON.stringify({ type: 'function_call', arguments: JSON.stringify({ command: `export AWS_ACCESS_KEY_ID=${secrets[1]}` }) })}\n`);
    writeFileSync(join(gemini, 'session-1.json'), JSON.stringify({ messages: [{ role: 'user', content: `use ${secrets[2]}` }] }, null, 2));
    return { home: h, secrets };
  }

  it('lists secrets by file, line and rule, says how to redact and rotate, and redaction clears them', () => {
    const { home: h, secrets } = home();
    const cwd = tempDir('lp-agent-cwd-');
    const r = runCli(['scan', '--agent-history', '--format', 'json'], { cwd, env: { HOME: h } });
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings as { file: string; line: number; ruleId: string }[];
    expect(findings.map((f) => [f.file, f.line, f.ruleId]).sort()).toEqual(
      [
        ['~/.claude/projects/-work-app/a1.jsonl', 2, 'aws-access-key-id'],
        ['~/.codex/sessions/2026/01/15/rollout-1.jsonl', 1, 'aws-access-key-id'],
        ['~/.gemini/tmp/3f2a/chats/session-1.json', 5, 'aws-access-key-id'],
      ].sort(),
    );
    expect(r.stderr).toContain('leakproof redact --in-place ~/.claude/projects/-work-app/a1.jsonl');
    expect(r.stderr).toMatch(/Rotate every key/);
    for (const s of secrets) expect(leaks(r.stdout + r.stderr, s)).toBe(false);

    const files = [
      join(h, '.claude/projects/-work-app/a1.jsonl'),
      join(h, '.codex/sessions/2026/01/15/rollout-1.jsonl'),
      join(h, '.gemini/tmp/3f2a/chats/session-1.json'),
    ];
    expect(runCli(['redact', '--in-place', ...files], { cwd }).code).toBe(0);
    const after = runCli(['scan', '--agent-history', '--format', 'json'], { cwd, env: { HOME: h } });
    expect(JSON.parse(after.stdout).findings).toEqual([]);
    expect(after.code).toBe(0);
  });

  it('reports what it could not scan and rejects paths', () => {
    const h = tempDir('lp-agent-empty-');
    const r = runCli(['scan', '--agent-history', '--format', 'json', '--allow-empty'], { cwd: h, env: { HOME: h } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.notes.join('\n')).toMatch(/Cursor keeps chat history/);
    expect(runCli(['scan', '--agent-history', 'src'], { cwd: h, env: { HOME: h } }).code).toBe(2);
    expect(randomBase62(4)).toHaveLength(4);
  });
});
