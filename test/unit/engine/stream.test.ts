import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/engine/detect.js';
import { detectChunked } from '../../../src/engine/stream.js';
import { fakeTestToken } from '../../helpers/fake-secrets.js';
import { ruleset, spec } from '../../helpers/ruleset.js';

const tokenRule = spec({ id: 'test-token', keywords: ['tstk_'], regex: String.raw`\b(tstk_[A-Za-z0-9]{24})\b`, entropy: 3 });
const rs = ruleset(tokenRule);

function reader(bytes: Buffer) {
  return (into: Buffer, position: number): number => bytes.copy(into, 0, position, Math.min(bytes.length, position + into.length));
}

const positions = (findings: { line: number; column: number; endLine: number; endColumn: number; ruleId: string }[]) =>
  findings.map((f) => `${f.ruleId}@${f.line}:${f.column}-${f.endLine}:${f.endColumn}`);

describe('chunked detection', () => {
  const chunkBytes = 4096;
  const overlapBytes = 256;

  it('finds a secret cut by every possible chunk edge, once, at the whole-file position', () => {
    const token = fakeTestToken();
    for (let shift = -token.length - 2; shift <= 2; shift++) {
      // One long line (no newline to cut at), so the chunk edge falls `shift` bytes from the
      // token's start: inside it for every negative shift.
      const head = `${'x'.repeat(chunkBytes + shift - 6)} key= `;
      expect(head.length).toBe(chunkBytes + shift);
      const bytes = Buffer.from(`line one\n${head.slice(9)}${token} tail ${'y'.repeat(9000)}\n`);
      const whole = detect({ path: 'big.txt', content: bytes }, rs);
      expect(whole).toHaveLength(1);
      const chunked = detectChunked(reader(bytes), bytes.length, 'big.txt', rs, { chunkBytes, overlapBytes });
      expect(positions(chunked), `shift ${shift}`).toEqual(positions(whole));
    }
  });

  it('gives whole-file lines and columns across many chunks, also for a single huge line', () => {
    const tokens = Array.from({ length: 40 }, () => fakeTestToken());
    const multiLine = Buffer.from(tokens.map((t, i) => `${'é'.repeat(i * 37)} ${t}\n${'z'.repeat(1500)}`).join('\n'));
    const oneLine = Buffer.from(tokens.map((t, i) => `${'a'.repeat(i * 53)} ${t} `).join('ü'));
    for (const bytes of [multiLine, oneLine]) {
      expect(bytes.length).toBeGreaterThan(8 * chunkBytes);
      const whole = detect({ path: 'big.txt', content: bytes }, rs);
      expect(whole).toHaveLength(tokens.length);
      const chunked = detectChunked(reader(bytes), bytes.length, 'big.txt', rs, { chunkBytes, overlapBytes });
      expect(positions(chunked)).toEqual(positions(whole));
      expect(chunked.map((f) => f.fingerprint)).toEqual(whole.map((f) => f.fingerprint));
    }
  });

  it('holds one chunk buffer, not the input', () => {
    const bytes = Buffer.alloc(64 * chunkBytes, 'a');
    let largest = 0;
    const read = (into: Buffer, position: number): number => {
      largest = Math.max(largest, into.length);
      return reader(bytes)(into, position);
    };
    expect(detectChunked(read, bytes.length, 'a.txt', rs, { chunkBytes, overlapBytes })).toEqual([]);
    expect(largest).toBe(chunkBytes + overlapBytes);
  });
});
