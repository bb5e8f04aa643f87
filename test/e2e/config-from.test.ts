/**
 * The CI gate: `scan --git <base>..HEAD --config-from <base>` judges a change by the base
 * branch's policy, so a change that adds a secret together with the allowlist, inline allow
 * or baseline entry that would hide it still fails, with a "policy change" note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeTestToken, TEST_RULE_TOML } from '../helpers/fake-secrets.js';
import { createRepo, createSandbox, type Sandbox, type TestRepo, yieldToEventLoop } from '../helpers/git-repo.js';
import { leaks } from '../helpers/run-cli.js';

let sandbox: Sandbox;

beforeAll(() => {
  sandbox = createSandbox();
});
afterAll(() => sandbox.cleanup());

/** A repository whose main branch holds the policy (config committed) and a clean file. */
function baseRepo(extraConfig = ''): TestRepo {
  const repo = createRepo(sandbox, 'sha1', { config: false });
  repo.write('.leakproof.toml', `${extraConfig}${TEST_RULE_TOML}`);
  repo.write('src/app.ts', 'export const answer = 42;\n');
  repo.commitUnchecked('base policy', '.leakproof.toml', 'src/app.ts');
  repo.ok('checkout', '-q', '-b', 'feature');
  return repo;
}

interface JsonReport {
  findings: { file: string; line: number; ruleId: string; policyChange?: string }[];
  summary: { allowed: { file: string; directive: string }[]; baseline?: { suppressed: number } };
}

function gate(repo: TestRepo, extra: string[] = []): { code: number; report: JsonReport; output: string } {
  const r = repo.leakproof(['scan', '--git', 'main..HEAD', '--config-from', 'main', '--format', 'json', ...extra]);
  return { code: r.code, report: JSON.parse(r.stdout || '{}') as JsonReport, output: r.output };
}

function plain(repo: TestRepo, extra: string[] = []): { code: number; report: JsonReport } {
  const r = repo.leakproof(['scan', '--git', 'main..HEAD', '--format', 'json', ...extra]);
  return { code: r.code, report: JSON.parse(r.stdout || '{}') as JsonReport };
}

describe('scan --config-from <base>', () => {
  it('a change that allowlists the path of its own secret is still reported', async () => {
    const repo = baseRepo();
    const token = fakeTestToken();
    repo.write('fixtures/creds.txt', `token = ${token}\n`);
    repo.write('.leakproof.toml', `${repo.read('.leakproof.toml')}\n[allowlist]\npaths = ["fixtures/**"]\n`);
    repo.commitUnchecked('add fixture and allow it', 'fixtures/creds.txt', '.leakproof.toml');

    expect(plain(repo).code).toBe(0); // without the gate the change approves itself
    const g = gate(repo);
    expect(g.code).toBe(1);
    expect(g.report.findings).toHaveLength(1);
    expect(g.report.findings[0]).toMatchObject({ file: 'fixtures/creds.txt', line: 1 });
    expect(g.report.findings[0]?.policyChange).toMatch(/allowlist\.paths .* fixtures\/creds\.txt.*until this change is merged/);
    expect(leaks(g.output, token)).toBe(false);
    await yieldToEventLoop();
  });

  it('a change that adds an inline allow next to its own secret is still reported', async () => {
    const repo = baseRepo();
    const token = fakeTestToken();
    repo.write('src/app.ts', `export const answer = 42;\nconst t = "${token}"; // leakproof:allow\n`);
    repo.commitUnchecked('inline allow', 'src/app.ts');

    const p = plain(repo);
    expect(p.code).toBe(0);
    expect(p.report.summary.allowed).toEqual([expect.objectContaining({ file: 'src/app.ts', directive: 'leakproof:allow' })]);
    const g = gate(repo);
    expect(g.code).toBe(1);
    expect(g.report.findings[0]?.policyChange).toMatch(/^inline "leakproof:allow" on line 2 is added by this change/);
    await yieldToEventLoop();
  });

  it('an inline allow that was already on the base branch keeps working', async () => {
    const repo = createRepo(sandbox, 'sha1', { config: false });
    repo.write('.leakproof.toml', TEST_RULE_TOML);
    repo.write('src/app.ts', `// leakproof:allow-next-line test-token\nconst t = "PLACEHOLDER";\n`);
    repo.commitUnchecked('base', '.leakproof.toml', 'src/app.ts');
    repo.ok('checkout', '-q', '-b', 'feature');
    repo.write('src/app.ts', `// leakproof:allow-next-line test-token\nconst t = "${fakeTestToken()}";\n`);
    repo.commitUnchecked('rotate the fixture value', 'src/app.ts');
    const g = gate(repo);
    expect(g.code).toBe(0);
    expect(g.report.summary.allowed).toHaveLength(1);
    await yieldToEventLoop();
  });

  it('a change that disables the rule in a nested config is still reported', async () => {
    const repo = baseRepo();
    repo.write('svc/.leakproof.toml', 'disabledRules = ["test-token"]\n');
    repo.write('svc/main.ts', `const t = "${fakeTestToken()}";\n`);
    repo.commitUnchecked('disable in a package', 'svc/.leakproof.toml', 'svc/main.ts');
    expect(plain(repo).code).toBe(0);
    const g = gate(repo);
    expect(g.code).toBe(1);
    expect(g.report.findings[0]?.policyChange).toMatch(/is changed to allow it/);
    await yieldToEventLoop();
  });

  it('a change that adds a baseline entry for its own secret is still reported', async () => {
    const repo = baseRepo('baseline = ".leakproof-baseline.json"\n');
    expect(repo.leakproof(['baseline', 'create']).code).toBe(0);
    repo.ok('checkout', '-q', 'main');
    repo.ok('branch', '-D', 'feature');
    repo.commitUnchecked('empty baseline', '.leakproof-baseline.json');
    repo.ok('checkout', '-q', '-b', 'feature');
    const token = fakeTestToken();
    repo.write('src/key.ts', `export const key = "${token}";\n`);
    const update = repo.leakproof(['baseline', 'update']);
    expect(update.stdout).toMatch(/1 added/);
    repo.commitUnchecked('add key and baseline it', 'src/key.ts', '.leakproof-baseline.json');

    expect(plain(repo).code).toBe(0);
    const g = gate(repo);
    expect(g.code).toBe(1);
    expect(g.report.findings[0]?.policyChange).toMatch(/a baseline entry for it is added in \.leakproof-baseline\.json/);
    expect(leaks(repo.read('.leakproof-baseline.json') + g.output, token)).toBe(false);
    await yieldToEventLoop();
  });

  it('a change that introduces a baseline (config key and file) for its own secret is still reported', async () => {
    const repo = baseRepo();
    repo.write('src/key.ts', `export const key = "${fakeTestToken()}";\n`);
    repo.write('.leakproof.toml', `baseline = ".leakproof-baseline.json"\n${repo.read('.leakproof.toml')}`);
    expect(repo.leakproof(['baseline', 'create']).code).toBe(0);
    repo.commitUnchecked('key with its own baseline', 'src/key.ts', '.leakproof.toml', '.leakproof-baseline.json');
    expect(plain(repo).code).toBe(0);
    const g = gate(repo);
    expect(g.code).toBe(1);
    expect(g.report.findings.map((f) => f.file)).toEqual(['src/key.ts']);
    expect(g.report.findings[0]?.policyChange).toMatch(/a baseline entry for it is added/);
    await yieldToEventLoop();
  });

  it('a clean change passes, and the base policy is what applies', async () => {
    const repo = baseRepo('[allowlist]\npaths = ["fixtures/**"]\n');
    repo.write('fixtures/f.txt', `t = ${fakeTestToken()}\n`);
    repo.commitUnchecked('fixture under a path the base already allows', 'fixtures/f.txt');
    const g = gate(repo);
    expect(g.code).toBe(0);
    expect(g.report.findings).toEqual([]);
    await yieldToEventLoop();
  });

  it('a broken config on the base is an error naming <rev>:file, line and key', async () => {
    const repo = baseRepo('[allowlist]\npathz = ["x"]\n');
    repo.write('a.txt', 'clean\n');
    repo.commitUnchecked('x', 'a.txt');
    const r = repo.leakproof(['scan', '--git', 'main..HEAD', '--config-from', 'main']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('leakproof: main:.leakproof.toml:2: unknown key "allowlist.pathz"');
    await yieldToEventLoop();
  });

  it.each([
    [['scan', '--git', 'main..HEAD', '--config-from', 'no-such-branch'], /--config-from: unknown revision "no-such-branch"/],
    [['scan', '.', '--config-from', 'main'], /--config-from works with --git, --staged or --pre-push/],
    [['scan', '--git', 'main..HEAD', '--config-from', 'main', '--config', '.leakproof.toml'], /cannot be combined/],
  ])('usage errors exit 2 with one line: %j', async (args, message) => {
    const repo = baseRepo();
    const r = repo.leakproof(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    await yieldToEventLoop();
  });
});
