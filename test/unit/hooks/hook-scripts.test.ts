import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOOK_NAMES, hookScript, isOurs } from '../../../src/hooks/templates.js';

describe('installed hook scripts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-hooks-'));

  it.each(HOOK_NAMES)('%s is POSIX sh with LF endings, our marker and its own name', (name) => {
    const text = hookScript(name, 'local');
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(text).not.toContain('\r');
    expect(isOurs(text)).toBe(true);
    expect(text).toContain(`\nhook=${name}\n`);
    expect(text.match(/^hook=/gm)).toHaveLength(1);
    writeFileSync(join(dir, name), text);
    expect(spawnSync('sh', ['-n', join(dir, name)]).status).toBe(0);
  });

  it('switch to global scope only in the scope line', () => {
    const local = hookScript('pre-push', 'local');
    const global = hookScript('pre-push', 'global');
    expect(global).toBe(local.replace('\nscope=local\n', '\nscope=global\n'));
    expect(global).not.toBe(local);
  });
});
