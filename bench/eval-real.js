// Real code: scan a tree of installed npm packages (bench/node_modules, pinned by
// bench/package-lock.json) with each tool and list every finding by file:line, rule and a
// redacted preview so a person can judge it. Nothing in a real-code tree is expected to be a
// live secret, so findings per MB is the false-positive rate; each remaining finding is
// matched against the reviewed list in eval-real-triage.js.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from '../dist/engine/redact.js';
import { TRIAGE } from './eval-real-triage.js';
import { linkPackages, treeSize } from './lib/tree.js';

/**
 * A hard-linked copy of `dir` (no extra disk) under `work`: gitleaks and secretlint skip any
 * path containing `node_modules`, and nested .gitignore files are dropped, so every tool reads
 * the same files.
 */
export function realTree(dir, work) {
  const dest = join(work, 'real');
  linkPackages(dir, readdirSync(dir).filter((n) => n !== '.bin'), dest);
  return { dir: dest, ...treeSize(dest) };
}

export function explain(finding) {
  return TRIAGE.find((t) => t.rule.test(finding.ruleId) && t.file.test(finding.file));
}

/** Rows of the real-code table plus the listing lines for one tool. */
export function realReport(tree, name, result, { list }) {
  const mb = tree.bytes / 1024 / 1024;
  const lines = [];
  const findings = [...result.findings].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const unexplained = findings.filter((f) => explain(f) === undefined);
  if (name === 'leakproof' || list) {
    lines.push(`\n${name}: ${findings.length} findings on real code (${unexplained.length} not in the reviewed list):`);
    for (const f of findings) {
      const why = explain(f);
      const where = f.cell !== undefined ? `${f.file}:cell ${f.cell}:${f.line}` : `${f.file}:${f.line}`;
      lines.push(`  ${where}  ${f.ruleId}  ${redact(f.secret)}  — ${why ? why.why : 'NOT REVIEWED'}`);
    }
  } else {
    const byRule = new Map();
    for (const f of findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
    const top = [...byRule.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
    lines.push(`\n${name}: ${findings.length} findings on real code; by rule: ${top.map(([r, n]) => `${r} ${n}`).join(', ') || 'none'} (--list prints each)`);
  }
  return {
    row: { tool: name, files: tree.files, mb, findings: findings.length, perMb: findings.length / mb, wallMs: result.wallMs, unexplained: unexplained.length },
    lines,
  };
}
