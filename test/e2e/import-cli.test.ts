/** `leakproof import gitleaks`: config and .gitleaksignore → .leakproof.toml and a content-keyed baseline. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeGithubToken } from '../helpers/fake-secrets.js';
import { createRepo, createSandbox, type Sandbox, yieldToEventLoop } from '../helpers/git-repo.js';
import { SAMPLE_GITLEAKS } from '../helpers/gitleaks-sample.js';
import { leaks } from '../helpers/run-cli.js';

let sandbox: Sandbox;
beforeAll(() => {
  sandbox = createSandbox();
});
afterAll(() => sandbox.cleanup());

/** Only global allowlists: the imported config loads as is. */
const ALLOWLIST_ONLY = String.raw`
[extend]
useDefault = true

[[allowlists]]
paths = ['''(^|/)vendor/''']
stopwords = ["sandbox"]
`;

describe('leakproof import gitleaks', () => {
  it('converts the sample config, writes TODOs, and exits 1 until the custom rules have examples', async () => {
    const repo = createRepo(sandbox, 'sha1', { config: false });
    repo.write('.gitleaks.toml', SAMPLE_GITLEAKS);
    const r = repo.leakproof(['import', 'gitleaks']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^leakproof import gitleaks: \.gitleaks\.toml → \.leakproof\.toml\n/);
    expect(r.stdout).toContain('To do — .leakproof.toml will not load until these are done');
    expect(r.stdout).toContain('Not converted (leakproof will report what these hid):');
    const toml = repo.read('.leakproof.toml');
    expect(toml).toContain("id = 'internal-token'");
    // Fail closed: the config does not load until the TODOs are done, and says where.
    const check = repo.leakproof(['scan', '.']);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/^leakproof: \.leakproof\.toml:\d+: rule "internal-token": needs at least 2 "examples"\n$/);
    // An existing config is not replaced without --force.
    expect(repo.leakproof(['import', 'gitleaks']).code).toBe(2);
    expect(repo.leakproof(['import', 'gitleaks', '--force']).code).toBe(1);
    await yieldToEventLoop();
  });

  it('--dry-run prints the config and writes nothing', async () => {
    const repo = createRepo(sandbox, 'sha1', { config: false });
    repo.write('gl.toml', ALLOWLIST_ONLY);
    const r = repo.leakproof(['import', 'gitleaks', 'gl.toml', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("pathRegexes = ['(^|/)vendor/']");
    expect(existsSync(join(repo.dir, '.leakproof.toml'))).toBe(false);
    await yieldToEventLoop();
  });

  it('turns .gitleaksignore entries into content fingerprints that survive edits, and reports the rest', async () => {
    const repo = createRepo(sandbox, 'sha1', { config: false });
    const old = fakeGithubToken();
    const gone = fakeGithubToken();
    const kept = fakeGithubToken();
    repo.write('src/old.ts', `// header\nconst t = "${old}";\n`);
    repo.write('src/gone.ts', `const g = "${gone}";\n`);
    const commit = repo.commitUnchecked('history', 'src/old.ts', 'src/gone.ts');
    repo.ok('rm', '-q', 'src/gone.ts');
    repo.commitUnchecked('remove');
    repo.write('src/kept.ts', `const k = "${kept}";\n`);
    repo.write('.gitleaks.toml', ALLOWLIST_ONLY);
    repo.write(
      '.gitleaksignore',
      [`src/old.ts:github-pat:2`, `${commit}:src/gone.ts:github-pat:1`, `src/kept.ts:github-pat:7`, `src/missing.ts:github-pat:1`, ''].join('\n'),
    );
    const r = repo.leakproof(['import', 'gitleaks', '--ignore', '.gitleaksignore']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('.gitleaksignore: 2 of 4 entries converted to content fingerprints in .leakproof-baseline.json');
    expect(r.stdout).toMatch(/\.gitleaksignore:3: no leakproof finding on src\/kept\.ts:7/);
    expect(r.stdout).toMatch(/\.gitleaksignore:4: src\/missing\.ts: file no longer exists; not converted/);
    const baseline = repo.read('.leakproof-baseline.json');
    expect(JSON.parse(baseline).entries.map((e: { path: string }) => e.path).sort()).toEqual(['src/gone.ts', 'src/old.ts']);
    for (const s of [old, gone, kept]) expect(leaks(baseline + r.output, s)).toBe(false);
    expect(repo.read('.leakproof.toml')).toMatch(/^baseline = '\.leakproof-baseline\.json'$/m);

    // The config names the baseline: the ignored secret stays quiet after edits above it; the others are reported.
    repo.write('src/old.ts', `// header\n// more\n\nconst t = "${old}";\n`);
    const scan = repo.leakproof(['scan', 'src', '--format', 'json']);
    expect(JSON.parse(scan.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['kept.ts']);
    await yieldToEventLoop();
  });
});
