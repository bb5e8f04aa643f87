/**
 * The whole catalogue end to end: every rule's first example is planted in its own file,
 * below two lines of ordinary code, and one scan of the tree must report it there under the
 * rule's own id. Built from the rule files at test time, so the test holds no secrets.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleDir } from '../../src/rules/load.js';
import { leaks, runCli, tempDir } from '../helpers/run-cli.js';

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
}

describe('a tree with a planted secret for every rule', () => {
  it('reports each at the right file, line and rule, without printing any of them', () => {
    const specs = loadRuleDir();
    const dir = tempDir('lp-planted-');
    const planted = specs.map((spec, i) => {
      const hint = spec.tags.find((t) => t.startsWith('example-path:'));
      const file = hint ? `p${i}/${hint.slice('example-path:'.length)}` : `p${i}/${spec.id}.txt`;
      const example = spec.examples[0] ?? '';
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), `// planted for ${spec.id}\nconst unrelated = 42;\n${example}\n`);
      return { id: spec.id, file, example };
    });
    const r = runCli(['scan', '.', '--format', 'json', '--max-file-size', '5MB'], { cwd: dir });
    expect(r.code).toBe(1);
    const findings: JsonFinding[] = JSON.parse(r.stdout).findings;
    const missing = planted
      .filter((p) => !findings.some((f) => f.file === p.file && f.ruleId === p.id && f.line >= 3))
      .map((p) => `${p.id} (${p.file}: ${findings.filter((f) => f.file === p.file).map((f) => f.ruleId).join(', ') || 'nothing'})`);
    expect(missing).toEqual([]);
    // The secrets as the engine extracted them (opt-in run), checked against the default run.
    const shown: (JsonFinding & { secret: string })[] = JSON.parse(
      runCli(['scan', '.', '--format', 'json', '--show-secrets', '--max-file-size', '5MB'], { cwd: dir }).stdout,
    ).findings;
    // Descriptions name public prefixes and markers (`sk-admin-`, `T3BlbkFJ`); drop them, then
    // no 8-character piece of any secret's random body may remain in what was printed.
    const descriptions = new Set(shown.map((f) => JSON.stringify((f as { description?: string }).description ?? '').slice(1, -1)));
    let printed = r.stdout + r.stderr;
    for (const d of descriptions) printed = printed.split(d).join('');
    const leaked = shown.filter((f) => leaks(printed, f.secret.slice(Math.ceil(f.secret.length / 3)))).map((f) => f.ruleId);
    expect(shown.length).toBe(findings.length);
    expect(leaked).toEqual([]);
  });
});
