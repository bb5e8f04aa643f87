import { describe, expect, it } from 'vitest';
import { isoDate, parseCommitObject } from '../../../src/git/commit-object.js';
import { lfsObjectPath, parseLfsPointer } from '../../../src/sources/lfs.js';

const OID = 'ab'.repeat(32);

describe('Git LFS pointers', () => {
  it('recognises the pointer format and locates the object', () => {
    const pointer = Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 1234\n`);
    expect(parseLfsPointer(pointer)).toEqual({ oid: OID, size: 1234 });
    expect(lfsObjectPath('/r/.git', OID)).toBe(`/r/.git/lfs/objects/ab/ab/${OID}`);
  });

  it('does not mistake other text for a pointer', () => {
    expect(parseLfsPointer(Buffer.from(`oid sha256:${OID}\nsize 3\n`))).toBeUndefined();
    expect(parseLfsPointer(Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\n${'x'.repeat(2000)}`))).toBeUndefined();
  });
});

describe('commit objects', () => {
  it('gives the author date in the author\'s offset and the raw message', () => {
    const raw = Buffer.from(`tree ${'1'.repeat(40)}\nparent ${'2'.repeat(40)}\nauthor A <a@x> 1700000000 -0230\ncommitter C <c@x> 1700000500 +0000\n\nsubject\n\nbody\n`);
    const info = parseCommitObject(raw);
    expect(info.authorDate).toBe('2023-11-14T19:43:20-02:30');
    expect(info.message.toString()).toBe('subject\n\nbody\n');
    expect(isoDate(0, '+0100')).toBe('1970-01-01T01:00:00+01:00');
  });
});
