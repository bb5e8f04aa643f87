/**
 * The redact filter on its own: placeholders, byte-exactness, JSON Lines validity, chunk
 * boundaries, escaped secrets, private key blocks and binary input. Secrets are generated here.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redactStream, rewrite } from '../../../src/redact/filter.js';
import { SecretStream } from '../../../src/redact/secret-stream.js';
import { spansIn } from '../../../src/redact/locate.js';
import { placeholder } from '../../../src/redact/placeholder.js';
import { escapeSafeSpan, unescapeView } from '../../../src/redact/json-escapes.js';
import { segmentsNear } from '../../../src/redact/locate.js';
import { fakeTestToken, randomBase62, reportable } from '../../helpers/fake-secrets.js';
import { ruleset, spec } from '../../helpers/ruleset.js';
import { seeded } from '../../helpers/seeded.js';

const RULES = ruleset(
  spec({ id: 'test-token', keywords: ['tstk_'], regex: '\\b(tstk_[A-Za-z0-9]{24})\\b', entropy: 3 }),
  // A generic assignment rule: it needs the quotes a JSON transcript escapes.
  spec({ id: 'test-password', keywords: ['password'], regex: `password["']?\\s*[:=]\\s*["']([^"'\\s]{10,})["']`, entropy: 3, tags: ['generic'] }),
  spec({ id: 'test-pem', keywords: ['private key'], regex: '(-----BEGIN [A-Z ]*PRIVATE KEY-----[A-Za-z0-9+/=\\s\\\\]{60,300})', entropy: 4 }),
);

async function redact(input: Buffer | string, chunks?: number[], options?: { chunk?: number; overlap?: number }): Promise<Buffer> {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8');
  const parts: Buffer[] = [];
  let at = 0;
  const pieces: Buffer[] = [];
  for (const size of chunks ?? []) {
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  pieces.push(bytes.subarray(at));
  await redactStream(pieces, (b) => void parts.push(Buffer.from(b)), { ruleset: RULES, path: 'transcript.jsonl' }, options);
  return Buffer.concat(parts);
}

function password(): string {
  return reportable(() => `Pw${randomBase62(14)}`);
}

describe('placeholder', () => {
  it('is stable per secret, differs between secrets and needs no escaping', () => {
    const a = fakeTestToken();
    const b = fakeTestToken();
    expect(placeholder('test-token', a)).toBe(placeholder('test-token', a));
    expect(placeholder('test-token', a)).not.toBe(placeholder('test-token', b));
    expect(placeholder('test-token', a)).toMatch(/^\[REDACTED:test-token:[0-9a-f]{4}\]$/);
    expect(JSON.stringify(placeholder('test-token', a))).toBe(`"${placeholder('test-token', a)}"`);
  });
});

describe('redactStream', () => {
  it('replaces secrets in JSON Lines and leaves every other byte as it was', async () => {
    const t1 = fakeTestToken();
    const t2 = fakeTestToken();
    const lines = [
      { type: 'user', message: { content: `use ${t1} for the deploy` } },
      { type: 'tool_result', content: `TOKEN=${t2}\nOTHER=${t1}\n` },
      { type: 'assistant', message: { content: 'done — nothing secret here ✓' } },
    ];
    const input = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
    const out = (await redact(input)).toString('utf8');
    const expected = input.split(t1).join(placeholder('test-token', t1)).split(t2).join(placeholder('test-token', t2));
    expect(out).toBe(expected);
    for (const line of out.trimEnd().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('finds a secret whose rule needs the quotes JSON escaped, and keeps the line valid JSON', async () => {
    const pw = password();
    const record = { type: 'tool_use', input: { content: `config = {"password": "${pw}"}` } };
    // Twice escaped: a tool call's arguments serialised as a string inside the record.
    const nested = { type: 'function_call', arguments: JSON.stringify({ cmd: `echo '{"password": "${pw}"}'` }) };
    const input = `${JSON.stringify(record)}\n${JSON.stringify(nested)}\n`;
    const out = (await redact(input)).toString('utf8');
    expect(out).not.toContain(pw);
    const [first, second] = out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(JSON.stringify(first)).toContain(placeholder('test-password', pw));
    expect(JSON.stringify(second)).toContain('[REDACTED:test-password:');
    expect(out.replace(/\[REDACTED:[a-z0-9-]+:[0-9a-f]{4}\]/g, 'X')).toBe(input.split(pw).join('X'));
  });

  it('catches a secret split across any two read chunks and across window boundaries', async () => {
    const t = fakeTestToken();
    const filler = (n: number): string => `${'lorem ipsum dolor sit amet '.repeat(n)}\n`;
    const input = `${filler(3)}key: ${t}\n${filler(5)}{"a":"${t}"}${filler(2)}`;
    const expected = input.split(t).join(placeholder('test-token', t));
    const bytes = Buffer.from(input, 'utf8');
    for (let cut = 1; cut < bytes.length; cut += 7) {
      expect((await redact(bytes, [cut])).toString('utf8')).toBe(expected);
    }
    // Windows far smaller than the input, lines longer than a window.
    for (const chunk of [1, 16, 33, 64]) {
      expect((await redact(bytes, [5, 9, 13], { chunk, overlap: 48 })).toString('utf8')).toBe(expected);
    }
  });

  it('redacts a whole private key block spanning lines, raw and JSON-escaped, across windows', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const input = `before\n${pem}after\n${JSON.stringify({ content: pem })}\n`;
    const out = (await redact(input, [100, 700], { chunk: 256, overlap: 4096 })).toString('utf8');
    const body = pem.split('\n')[5] ?? '';
    expect(body.length).toBeGreaterThan(40);
    expect(out).not.toContain(body);
    expect(out).not.toContain('END PRIVATE KEY');
    expect(out.startsWith('before\n[REDACTED:test-pem:')).toBe(true);
    const last = out.trimEnd().split('\n').at(-1) ?? '';
    expect(JSON.parse(last)).toEqual({ content: expect.stringMatching(/^\[REDACTED:test-pem:[0-9a-f]{4}\]\n?$/) });
  });

  it('passes binary input through untouched', async () => {
    const t = fakeTestToken();
    const input = Buffer.concat([Buffer.from([0, 1, 2, 0xff]), Buffer.from(` ${t} `), Buffer.alloc(9000, 7)]);
    expect((await redact(input, [3, 100])).equals(input)).toBe(true);
  });

  it('finds twice-escaped secrets in a large window, where the deeper view is matched only near its escapes', async () => {
    const pw = password();
    const t = fakeTestToken();
    const filler = Array.from({ length: 400 }, (_, i) => JSON.stringify({ type: 'assistant', text: `line ${i} of ordinary output, nothing escaped twice` })).join('\n');
    // A tool call's arguments serialised inside the record, echoing JSON: the password's quotes are escaped twice.
    const nested = JSON.stringify({ type: 'function_call', arguments: JSON.stringify({ cmd: `echo '${JSON.stringify({ db: { password: pw } })}'` }) });
    const input = `${filler}\n${nested}\n${filler}\n${JSON.stringify({ text: `token ${t}` })}\n${filler}\n`;
    const out = (await redact(input)).toString('utf8');
    expect(out).not.toContain(pw);
    expect(out).not.toContain(t);
    expect(out.replace(/\[REDACTED:[a-z0-9-]+:[0-9a-f]{4}\]/g, 'X')).toBe(input.split(pw).join('X').split(t).join('X'));
  });

  it('keeps a UTF-8 BOM and multi-byte text byte-exact', async () => {
    const t = fakeTestToken();
    const input = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`héllo ✓ ${t} 日本語\n`.repeat(50))]);
    const out = await redact(input, [1, 2, 50], { chunk: 40, overlap: 64 });
    expect(out.equals(Buffer.from(input.toString('utf8').split(t).join(placeholder('test-token', t)), 'utf8'))).toBe(true);
  });
});

describe('SecretStream planning windows ahead', () => {
  it('emits exactly what one window at a time does, with windows finishing out of order and spans that run past a cut', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const rand = seeded(11);
    const lines: string[] = [];
    for (let i = 0; i < 400; i++) {
      const r = rand();
      // Raw PEM blocks cross line breaks, so a span can run past a window's cut.
      if (r < 0.08) lines.push(pem.trimEnd());
      else if (r < 0.2) lines.push(`token ${fakeTestToken()}`);
      else if (r < 0.25) lines.push(JSON.stringify({ content: `password = "${password()}"` }));
      else lines.push(`ordinary line ${i} ${'x'.repeat(Math.floor(rand() * 120))}`);
    }
    const input = Buffer.from(`${lines.join('\n')}\n`);
    const ctx = { ruleset: RULES, path: 'session.log' };
    const run = async (ahead: number): Promise<{ out: Buffer; replanned: number }> => {
      const delays = seeded(ahead);
      const stream = new SecretStream(
        async (window, json) => {
          // Later windows often finish first, as on worker threads.
          if (ahead > 0) await new Promise((resolve) => setTimeout(resolve, Math.floor(delays() * 3)));
          return spansIn(ctx, window, json);
        },
        { chunk: 700, overlap: 4096, ahead },
      );
      const parts: Buffer[] = [];
      for (let at = 0; at < input.length; at += 1500) for (const piece of await stream.push(input.subarray(at, at + 1500))) parts.push(rewrite(piece));
      for (const piece of await stream.end()) parts.push(rewrite(piece));
      return { out: Buffer.concat(parts), replanned: stream.replanned };
    };
    const one = await run(0);
    const body = pem.split('\n')[3] ?? '';
    expect(body.length).toBeGreaterThan(40);
    expect(input.includes(body)).toBe(true);
    expect(one.out.includes(body)).toBe(false);
    expect(one.replanned).toBe(0);
    let replanned = 0;
    for (const ahead of [1, 3, 8]) {
      const many = await run(ahead);
      expect(many.out.equals(one.out), `ahead ${ahead}`).toBe(true);
      replanned += many.replanned;
    }
    expect(replanned).toBeGreaterThan(0);
  });
});

describe('JSON escapes', () => {
  it('never leaves half an escape sequence at either end of a span', () => {
    const bytes = Buffer.from('a\\"bc\\u0041d\\\\e');
    expect(escapeSafeSpan(bytes, 2, 4)).toEqual([1, 4]); // starts on the " of \"
    expect(escapeSafeSpan(bytes, 3, 8)).toEqual([3, 11]); // ends inside \u0041
    expect(escapeSafeSpan(bytes, 13, 14)).toEqual([12, 14]); // second \ of \\
  });

  it('maps an unescaped view back to raw offsets', () => {
    const raw = Buffer.from('x\\"y\\u00e9z\\ud83d\\ude00!');
    const view = unescapeView(raw);
    expect(view?.bytes.toString('utf8')).toBe('x"yéz😀!');
    expect([view?.startOf(1), view?.endOf(1)]).toEqual([1, 3]); // " came from \"
    expect([view?.startOf(3), view?.endOf(4)]).toEqual([4, 10]); // é (2 bytes) from \u00e9
    expect([view?.startOf(6), view?.endOf(9)]).toEqual([11, 23]); // 😀 from a surrogate pair
    expect([view?.startOf(10), view?.endOf(10)]).toEqual([23, 24]);
  });

  it('bounds the parts of a deeper view to match: lines around its escapes, merged', () => {
    // 1000-byte lines (999 in the view when they hold an escape, which shrinks to one byte).
    const line = (text: string): string => `${text.padEnd(999, '.')}\n`;
    const near = unescapeView(Buffer.from(['a', 'b \\n', 'c', 'd', 'e', 'f', 'g \\t', 'h', 'i', 'j', 'k'].map(line).join('')));
    expect(near?.sites).toBe(2);
    // Escapes at 1002 and 6001: [0, end of line d] and [start of line d, end of line i], merged.
    expect(near && segmentsNear(near)).toEqual([[0, 8998]]);
    const far = unescapeView(Buffer.from([line('x \\n'), ...Array.from({ length: 20 }, () => line('.')), line('y \\n')].join('')));
    // Escapes at 2 and 21001: apart, each out to the line edges ≥ 2 KiB away.
    expect(far && segmentsNear(far)).toEqual([[0, 2999], [17999, 21998]]);
  });
});
