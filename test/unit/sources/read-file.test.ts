import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileCapped } from '../../../src/sources/read-file.js';

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
