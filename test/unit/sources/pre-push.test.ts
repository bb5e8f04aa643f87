import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { parsePushLines, pushSpec } from '../../../src/sources/pre-push.js';

const L = 'a'.repeat(40);
const R = 'b'.repeat(40);
const Z40 = '0'.repeat(40);
const L256 = 'c'.repeat(64);
const Z64 = '0'.repeat(64);

describe('pre-push input', () => {
  it('parses ref lines of either object format', () => {
    expect(parsePushLines(`refs/heads/main ${L} refs/heads/main ${R}\nrefs/heads/x ${L256} refs/heads/x ${Z64}\n\n`)).toEqual([
      { localRef: 'refs/heads/main', localOid: L, remoteRef: 'refs/heads/main', remoteOid: R },
      { localRef: 'refs/heads/x', localOid: L256, remoteRef: 'refs/heads/x', remoteOid: Z64 },
    ]);
  });

  it('rejects malformed lines with a usage error', () => {
    expect(() => parsePushLines('refs/heads/main HEAD refs/heads/main HEAD')).toThrow(UsageError);
    expect(() => parsePushLines(`refs/heads/main ${L}`)).toThrow(UsageError);
  });

  it('walks what is pushed minus what the remote has', () => {
    const known = (oid: string): boolean => oid === R;
    // Update of an existing branch: exclude the old remote tip and every remote-tracking ref.
    expect(pushSpec(parsePushLines(`refs/heads/main ${L} refs/heads/main ${R}`), 'origin', known)).toEqual({
      options: ['--not', '--remotes=origin', '--not'],
      revisions: [L, `^${R}`],
    });
    // New branch (remote id all zeros, of either length) and a force push over an unknown tip.
    for (const zero of [Z40, Z64]) {
      expect(pushSpec(parsePushLines(`refs/heads/n ${L} refs/heads/n ${zero}`), 'origin', known).revisions).toEqual([L]);
    }
    expect(pushSpec(parsePushLines(`refs/heads/n ${L} refs/heads/n ${'d'.repeat(40)}`), 'origin', known).revisions).toEqual([L]);
  });

  it('scans nothing for deletions', () => {
    expect(pushSpec(parsePushLines(`(delete) ${Z40} refs/heads/old ${R}`), 'origin', () => true)).toEqual({ options: [], revisions: [] });
    expect(pushSpec([], 'origin', () => true)).toEqual({ options: [], revisions: [] });
  });
});
