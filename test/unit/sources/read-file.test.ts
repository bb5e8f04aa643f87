import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReadBuffer, readFileCapped } from '../../../src/sources/read-file.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'lp-read-'));

describe('readFileCapped', () => {
  it('reads a regular file under the cap, refuses one above it before reading', () => {
    const d = dir();
    writeFileSync(join(d, 'a.txt'), 'hello');
    expect(readFileCapped(join(d, 'a.txt'), 5)).toEqual({ ok: true, content: Buffer.from('hello') });
    expect(readFileCapped(join(d, 'a.txt'), 4)).toMatchObject({ ok: false, failure: 'too-large' });
  });
  it('says why a missing file was not read, with its error code', () => {
    expect(readFileCapped(join(dir(), 'missing'), 10)).toEqual({ ok: false, failure: 'unreadable', code: 'ENOENT', reason: 'unreadable (ENOENT)' });
  });
  it.skipIf(process.platform === 'win32')('refuses a FIFO without blocking, and a device', () => {
    const d = dir();
    execFileSync('mkfifo', [join(d, 'pipe')]);
    expect(readFileCapped(join(d, 'pipe'), 10)).toEqual({ ok: false, failure: 'not-regular', reason: 'not a regular file' });
    if (process.platform === 'linux') expect(readFileCapped('/dev/zero', 1 << 30)).toMatchObject({ ok: false, failure: 'not-regular' });
  });
  it.skipIf(process.platform === 'win32')('follows a symlink unless told not to', () => {
    const d = dir();
    writeFileSync(join(d, 'a.txt'), 'hello');
    symlinkSync(join(d, 'a.txt'), join(d, 'link'));
    expect(readFileCapped(join(d, 'link'), 10)).toMatchObject({ ok: true });
    expect(readFileCapped(join(d, 'link'), 10, { noFollow: true })).toMatchObject({ ok: false, failure: 'not-regular' });
  });
});

describe('ReadBuffer', () => {
  const readWith = (reader: ReadBuffer, path: string, size: number): Buffer => {
    const fd = openSync(path, 'r');
    try {
      return reader.read(fd, size);
    } finally {
      closeSync(fd);
    }
  };

  it('reads file after file into one buffer, grown only for a larger file', () => {
    const d = dir();
    writeFileSync(join(d, 'a'), 'a'.repeat(100));
    writeFileSync(join(d, 'b'), 'b'.repeat(70_000));
    writeFileSync(join(d, 'c'), 'c'.repeat(50));
    const reader = new ReadBuffer(1 << 20);
    const a = readWith(reader, join(d, 'a'), 100);
    expect(a.toString()).toBe('a'.repeat(100));
    const b = readWith(reader, join(d, 'b'), 70_000);
    expect(b.toString()).toBe('b'.repeat(70_000));
    const c = readWith(reader, join(d, 'c'), 50);
    expect(c.toString()).toBe('c'.repeat(50));
    expect(c.buffer).toBe(b.buffer);
    expect(reader.capacity).toBeGreaterThanOrEqual(70_000);
    expect(reader.capacity).toBeLessThan(2 * 70_000);
  });

  it('never keeps more than its cap: a larger file gets a buffer of its own', () => {
    const d = dir();
    writeFileSync(join(d, 'small'), 's'.repeat(1000));
    writeFileSync(join(d, 'big'), 'B'.repeat(300_000));
    const reader = new ReadBuffer(200_000);
    const small = readWith(reader, join(d, 'small'), 1000);
    const big = readWith(reader, join(d, 'big'), 300_000);
    expect(big.toString()).toBe('B'.repeat(300_000));
    expect(big.buffer).not.toBe(small.buffer);
    expect(reader.capacity).toBeLessThanOrEqual(200_000);
    // Growing stops at the cap, not at the next power of two past it.
    writeFileSync(join(d, 'near'), 'n'.repeat(150_000));
    expect(readWith(reader, join(d, 'near'), 150_000).toString()).toBe('n'.repeat(150_000));
    expect(reader.capacity).toBeLessThanOrEqual(200_000);
  });

  it('returns the bytes there are when the file shrank since its size was taken', () => {
    const d = dir();
    writeFileSync(join(d, 'short'), 'xyz');
    expect(readWith(new ReadBuffer(1 << 20), join(d, 'short'), 10).toString()).toBe('xyz');
  });
});
