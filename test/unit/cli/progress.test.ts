import { describe, expect, it } from 'vitest';
import { createProgress } from '../../../src/cli/progress.js';

function io(tty: boolean, env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  return { out, io: { stderr: (s: string) => void out.push(s), stderrIsTty: tty, env } };
}

describe('progress line', () => {
  it('never appears when stderr is piped or in CI', () => {
    expect(createProgress(io(false).io)).toBeUndefined();
    expect(createProgress(io(true, { CI: 'true' }).io)).toBeUndefined();
    expect(createProgress(io(true, { TERM: 'dumb' }).io)).toBeUndefined();
  });

  it('stays silent for the first second, then redraws at most every 100 ms and clears at the end', () => {
    let t = 0;
    const { out, io: fake } = io(true);
    const p = createProgress(fake, { now: () => t });
    t = 900;
    p?.update(10, 1_000_000);
    expect(out).toEqual([]);
    t = 1000;
    p?.update(20, 2_000_000);
    t = 1050;
    p?.update(30, 3_000_000);
    expect(out).toHaveLength(1);
    // ESC [ K: erase to end of line, so a shorter update leaves no stale characters.
    expect(out[0]?.startsWith('\r')).toBe(true);
    expect(out[0]?.slice(2)).toBe(' scanning: 20 files, 2.0 MB, 2.0 MB/s\x1b[K');
    t = 1200;
    p?.update(40, 4_000_000);
    p?.done();
    expect(out).toHaveLength(3);
    expect(out[2]).toBe('\r\x1b[K');
  });

  it('prints nothing at the end of a short scan', () => {
    const { out, io: fake } = io(true);
    const p = createProgress(fake, { now: () => 0 });
    p?.update(1, 1);
    p?.done();
    expect(out).toEqual([]);
  });
});
