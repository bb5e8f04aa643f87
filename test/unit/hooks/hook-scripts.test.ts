import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOOK_NAMES, hookScript, isOurs } from '../../../src/hooks/templates.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';

describe('shipped hook scripts', () => {
  const texts = HOOK_NAMES.map((name) => readFileSync(join(REPO_ROOT, 'hooks', name), 'utf8'));

  it('are POSIX sh with LF endings and our marker', () => {
    for (const [i, text] of texts.entries()) {
      expect(text.startsWith('#!/bin/sh\n')).toBe(true);
      expect(text).not.toContain('\r');
      expect(isOurs(text)).toBe(true);
      expect(text).toContain(`\nhook=${HOOK_NAMES[i] ?? ''}\n`);
      const check = spawnSync('sh', ['-n', join(REPO_ROOT, 'hooks', HOOK_NAMES[i] ?? '')]);
      expect(check.status).toBe(0);
    }
  });

  it('differ only in the hook name and description (one body to maintain)', () => {
    const body = (t: string): string =>
      t
        .split('\n')
        .filter((l) => !l.startsWith('hook=') && !l.startsWith('# Blocks'))
        .join('\n');
    expect(new Set(texts.map(body)).size).toBe(1);
  });

  it('switch to global scope only in the scope line', () => {
    const local = hookScript('pre-commit', 'local');
    const global = hookScript('pre-commit', 'global');
    expect(global).toBe(local.replace('\nscope=local\n', '\nscope=global\n'));
    expect(global).not.toBe(local);
  });
});
