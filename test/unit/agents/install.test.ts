/** Hook configuration: written in each host's documented shape, merged, idempotent, removable. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configPath, install, status, uninstall } from '../../../src/agents/install.js';
import { tempDir } from '../../helpers/run-cli.js';

function envFor(): { cwd: string; home: string; env: Record<string, string> } {
  const cwd = tempDir('lp-install-');
  const home = tempDir('lp-home-');
  return { cwd, home, env: { HOME: home, PATH: '' } };
}

const read = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

describe('agent install', () => {
  it('writes Claude Code hooks next to existing settings and hooks, and is idempotent', () => {
    const e = envFor();
    const path = configPath('claude', 'project', e);
    mkdirSync(join(e.cwd, '.claude'));
    const existing = {
      permissions: { allow: ['Bash(npm test)'] },
      hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: './lint.sh' }] }] },
    };
    writeFileSync(path, JSON.stringify(existing));
    install('claude', 'project', e);
    const once = readFileSync(path, 'utf8');
    install('claude', 'project', e);
    expect(readFileSync(path, 'utf8')).toBe(once);
    const doc = read(path);
    expect(doc.permissions).toEqual(existing.permissions);
    const hooks = doc.hooks as Record<string, { matcher?: string; hooks: { command: string }[] }[]>;
    expect(hooks.PreToolUse?.[0]).toEqual(existing.hooks.PreToolUse[0]);
    expect(hooks.PreToolUse?.[1]?.hooks[0]?.command).toBe('leakproof agent hook claude PreToolUse || exit 2');
    expect(hooks.UserPromptSubmit?.[0]?.hooks[0]?.command).toBe('leakproof agent hook claude UserPromptSubmit || exit 2');
    expect(hooks.PostToolUse?.[0]?.matcher).toContain('mcp__');
  });

  it('writes Cursor hooks.json with version 1 and flat command entries', () => {
    const e = envFor();
    install('cursor', 'project', e, 'npx --no-install leakproof');
    const doc = read(configPath('cursor', 'project', e));
    expect(doc.version).toBe(1);
    expect((doc.hooks as Record<string, unknown>).beforeShellExecution).toEqual([{ command: 'npx --no-install leakproof agent hook cursor beforeShellExecution' }]);
  });

  it('writes user-level hooks under HOME (and Codex under CODEX_HOME)', () => {
    const e = envFor();
    expect(install('gemini', 'user', e).path).toBe(join(e.home, '.gemini', 'settings.json'));
    const gemini = read(join(e.home, '.gemini', 'settings.json'));
    const before = (gemini.hooks as Record<string, { hooks: { name: string; type: string }[] }[]>).BeforeTool?.[0]?.hooks[0];
    expect(before).toMatchObject({ name: 'leakproof-BeforeTool', type: 'command' });
    const codexHome = tempDir('lp-codex-');
    expect(install('codex', 'user', { ...e, env: { ...e.env, CODEX_HOME: codexHome } }).path).toBe(join(codexHome, 'hooks.json'));
  });

  it('refuses to rewrite a settings file it cannot parse', () => {
    const e = envFor();
    mkdirSync(join(e.cwd, '.gemini'));
    writeFileSync(join(e.cwd, '.gemini', 'settings.json'), '{ // comment\n "a": 1 }');
    expect(() => install('gemini', 'project', e)).toThrow(/not valid JSON/);
    writeFileSync(join(e.cwd, '.gemini', 'settings.json'), '{"hooks": []}');
    expect(() => install('gemini', 'project', e)).toThrow(/"hooks" is not an object/);
  });

  it('uninstall removes only leakproof entries; status reports state and problems', () => {
    const e = envFor();
    const path = configPath('codex', 'project', e);
    mkdirSync(join(e.cwd, '.codex'));
    writeFileSync(path, JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: 'command', command: 'notify-send done' }] }] } }));
    install('codex', 'project', e);
    expect(status('codex', 'project', e)).toMatchObject({ installed: ['UserPromptSubmit', 'PreToolUse', 'PostToolUse'], missing: [] });
    expect(status('codex', 'project', e).problems.join(' ')).toMatch(/not on PATH/);
    expect(uninstall('codex', 'project', e).removed).toBe(true);
    expect(read(path)).toEqual({ hooks: { Stop: [{ hooks: [{ type: 'command', command: 'notify-send done' }] }] } });
    expect(uninstall('codex', 'project', e).removed).toBe(false);
    expect(status('codex', 'project', e).installed).toEqual([]);
  });

  it('status flags a host whose hooks are switched off', () => {
    const e = envFor();
    install('claude', 'project', e);
    const path = configPath('claude', 'project', e);
    writeFileSync(path, JSON.stringify({ ...read(path), disableAllHooks: true }));
    expect(status('claude', 'project', e).problems.join(' ')).toContain('disableAllHooks');
  });
});
