/** `scan --agent-history` on binary and UTF-16 transcripts: scanned like `leakproof scan`, never counted clean unlooked-at (review item 7). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeAwsKeyId } from '../helpers/fake-secrets.js';
import { leaks, runCli, tempDir } from '../helpers/run-cli.js';

describe('scan --agent-history: transcripts that are not UTF-8 text', () => {
  it('finds a token in a transcript with an early NUL and in a UTF-16 one', () => {
    const h = tempDir('lp-agent-enc-');
    const dir = join(h, '.gemini', 'tmp', 'ab12');
    mkdirSync(dir, { recursive: true });
    const [a, b] = [fakeAwsKeyId(), fakeAwsKeyId()];
    writeFileSync(join(dir, 'binary.json'), Buffer.concat([Buffer.from('{"x":"\0"}\n'), Buffer.from(`key ${a}\n`)]));
    writeFileSync(join(dir, 'wide.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`{"content": "key ${b}"}\n`, 'utf16le')]));
    const r = runCli(['scan', '--agent-history', '--format', 'json'], { cwd: h, env: { HOME: h } });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { findings: { file: string; ruleId: string }[] };
    expect(out.findings.map((f) => [f.file, f.ruleId]).sort()).toEqual([
      ['~/.gemini/tmp/ab12/binary.json', 'aws-access-key-id'],
      ['~/.gemini/tmp/ab12/wide.json', 'aws-access-key-id'],
    ]);
    expect(leaks(r.stdout + r.stderr, a) || leaks(r.stdout + r.stderr, b)).toBe(false);
  });

  it('advises redact --in-place only for the text transcripts, and what to do with the others', () => {
    const h = tempDir('lp-agent-advice-');
    const dir = join(h, '.gemini', 'tmp', 'cd34');
    mkdirSync(dir, { recursive: true });
    const [a, b] = [fakeAwsKeyId(), fakeAwsKeyId()];
    writeFileSync(join(dir, 'plain.json'), `{"content": "key ${a}"}\n`);
    writeFileSync(join(dir, 'wide.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`{"content": "key ${b}"}\n`, 'utf16le')]));
    const r = runCli(['scan', '--agent-history'], { cwd: h, env: { HOME: h } });
    expect(r.code).toBe(1);
    const redactLine = r.stderr.split('\n').find((l) => l.includes('leakproof redact --in-place')) ?? '';
    expect(redactLine).toContain('plain.json');
    expect(redactLine).not.toContain('wide.json');
    const i = r.stderr.indexOf('binary or UTF-16');
    expect(i).toBeGreaterThan(-1);
    expect(r.stderr.slice(i)).toContain('~/.gemini/tmp/cd34/wide.json');
    expect(leaks(r.stdout + r.stderr, a) || leaks(r.stdout + r.stderr, b)).toBe(false);
  });
});
