import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { addHuskyLine, removeHuskyLines } from '../../../src/hooks/husky.js';
import { addLefthookJob, removeLefthookJobs } from '../../../src/hooks/lefthook.js';

describe('husky scripts', () => {
  it('appends one marked line and removes exactly it', () => {
    const before = 'npx lint-staged';
    const after = addHuskyLine(before, 'pre-commit');
    expect(after).toBe('npx lint-staged\nleakproof scan --staged # leakproof-guard\n');
    expect(addHuskyLine(after, 'pre-commit')).toBe(after);
    expect(removeHuskyLines(after)).toBe('npx lint-staged\n');
    expect(addHuskyLine('', 'pre-push')).toBe('leakproof scan --pre-push "$1" # leakproof-guard\n');
  });
});

describe('lefthook config', () => {
  it('adds a hook block when there is none', () => {
    const out = addLefthookJob('colors: false\n', 'pre-commit');
    expect(out).toContain('pre-commit: # leakproof-guard\n  commands: # leakproof-guard\n    leakproof: # leakproof-guard\n');
    expect(removeLefthookJobs(out)).toBe('colors: false\n');
  });

  it('adds a command under existing commands, matching their indentation', () => {
    const text = 'pre-commit:\n    commands:\n        lint:\n            run: npm run lint\n';
    const out = addLefthookJob(text, 'pre-commit');
    expect(out.split('\n').slice(0, 4)).toEqual([
      'pre-commit:',
      '    commands:',
      '        leakproof: # leakproof-guard',
      expect.stringMatching(/^ {10}run: '.*scan --staged' # leakproof-guard$/),
    ]);
    expect(removeLefthookJobs(out)).toBe(text);
  });

  it('adds a list item under jobs, and only under the right hook', () => {
    const text = 'pre-push:\n  jobs:\n    - run: npm test\npre-commit:\n  jobs:\n  - name: lint\n    run: npm run lint\n';
    const out = addLefthookJob(text, 'pre-commit');
    expect(out).toContain('  jobs:\n  - name: leakproof # leakproof-guard\n');
    expect(out.indexOf('leakproof')).toBeGreaterThan(out.indexOf('pre-commit:'));
    expect(addLefthookJob(out, 'pre-commit')).toBe(out);
    expect(addLefthookJob(out, 'pre-push')).not.toBe(out);
  });

  it('refuses layouts it cannot edit safely', () => {
    expect(() => addLefthookJob('pre-commit: { parallel: true }\n', 'pre-commit')).toThrow(UsageError);
  });
});
