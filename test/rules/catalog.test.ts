import { describe, expect, it } from 'vitest';
import { detect } from '../../src/engine/detect.js';
import { checkRules } from '../../src/rules/check.js';
import { buildRuleset } from '../../src/rules/compile.js';
import { loadRuleDir } from '../../src/rules/load.js';

const specs = loadRuleDir();

describe('built-in catalogue', () => {
  it('has rules, each with examples of both kinds', () => {
    expect(specs.length).toBeGreaterThan(0);
    for (const s of specs) {
      expect(s.examples.length, s.id).toBeGreaterThanOrEqual(2);
      expect(s.negativeExamples.length, s.id).toBeGreaterThanOrEqual(2);
    }
  });
  it('every example behaves as declared (rules check)', () => {
    const failures = checkRules(specs).map((f) => `${f.source}: ${f.ruleId} ${f.kind} #${f.index + 1}`);
    expect(failures).toEqual([]);
  });
  it('every example is still reported by its own rule with the whole catalogue loaded', () => {
    const all = buildRuleset(specs);
    const lost: string[] = [];
    for (const s of specs) {
      if (s.paths !== undefined) continue;
      s.examples.forEach((text, i) => {
        const ids = detect({ path: 'example.txt', content: Buffer.from(text) }, all).map((f) => f.ruleId);
        if (ids.length === 0) lost.push(`${s.id} example #${i + 1}`);
      });
    }
    expect(lost).toEqual([]);
  });
  it('does not report documented example keys and common non-secrets', () => {
    const all = buildRuleset(specs);
    const text = [
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      '"integrity": "sha512-Vo6Iw5PZQ3Q8RoFZ0KhzCdnoLJYukoWtCyn8ITgk9lMSQWyOGFa3ZapjzMyoxHnm8lWA6rmZqJmXlyyqg5pSsg=="',
      'id = "3f2b8c1e-9d4a-4f6b-8e2c-1a7d5b9c0e4f"',
      'commit 9fceb02d0ae598e95dc970b74767f19372d61af8',
      'const key = process.env.OPENAI_API_KEY;',
      'password: ${DB_PASSWORD}',
      'api_key = "your-api-key-here"',
      'token: <YOUR_TOKEN>',
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq8J1lm2xqXbXbQ5u3E7xD4kq0h8m3kYtq4vXyZ0aBc user@host',
    ].join('\n');
    const findings = detect({ path: 'notes.txt', content: Buffer.from(text) }, all);
    expect(findings.map((f) => `${f.ruleId}@${f.line}`)).toEqual([]);
  });
});
