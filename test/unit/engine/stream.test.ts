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

  it('decides the encoding once per file: a later chunk starting with FF FE is not read as UTF-16', () => {
    const token = fakeTestToken();
    // The first chunk's own part ends after its last newline, so the next chunk starts with FF FE.
    const head = Buffer.from(`${'a'.repeat(chunkBytes - 1)}\n`);
    const bytes = Buffer.concat([head, Buffer.from([0xff, 0xfe]), Buffer.from(` key= ${token} tail\n${'z'.repeat(chunkBytes)}\n`)]);
    const chunked = detectChunked(reader(bytes), bytes.length, 'big.txt', rs, { chunkBytes, overlapBytes });
    expect(chunked.map((f) => f.secret)).toEqual([token]);
    expect(positions(chunked)).toEqual(positions(detect({ path: 'big.txt', content: bytes }, rs)));
  });

  it('keeps generic rules on for a text file whose later chunk holds an early NUL', () => {
    const generic = spec({ id: 'generic-api-key', keywords: ['key'], regex: String.raw`key= (tstk_[A-Za-z0-9]{24})\b`, entropy: 3, tags: ['generic'] });
    const grs = ruleset(generic);
    expect(grs.rules[0]?.generic).toBe(true);
    const token = fakeTestToken();
    // Past the first 8,000 bytes, so the file is text; early in a later chunk.
    const head = Buffer.from(`${'a'.repeat(99)}\n`.repeat(90));
    const bytes = Buffer.concat([head, Buffer.from('nul \0 here\n'), Buffer.from(`key= ${token} tail\n${'z'.repeat(chunkBytes)}\n`)]);
    const chunked = detectChunked(reader(bytes), bytes.length, 'big.txt', grs, { chunkBytes, overlapBytes });
    expect(chunked.map((f) => f.secret)).toEqual([token]);
    expect(detect({ path: 'big.txt', content: bytes }, grs).map((f) => f.secret)).toEqual([token]);
  });

  it('keeps a binary file binary in every chunk (generic rules stay off)', () => {
    const generic = spec({ id: 'generic-api-key', keywords: ['key'], regex: String.raw`key= (tstk_[A-Za-z0-9]{24})\b`, entropy: 3, tags: ['generic'] });
    const grs = ruleset(generic);
    const bytes = Buffer.concat([Buffer.from('\0\n'), Buffer.from(`${'a'.repeat(chunkBytes)}\nkey= ${fakeTestToken()} tail\n${'z'.repeat(chunkBytes)}\n`)]);
    expect(detectChunked(reader(bytes), bytes.length, 'big.bin', grs, { chunkBytes, overlapBytes })).toEqual([]);
  });

  it('refuses UTF-16 content (it must be read whole)', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('x'.repeat(3 * chunkBytes), 'utf16le')]);
    expect(() => detectChunked(reader(bytes), bytes.length, 'big.txt', rs, { chunkBytes, overlapBytes })).toThrow(/UTF-16/);
  });
});
