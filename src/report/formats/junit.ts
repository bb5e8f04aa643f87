/**
 * JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure DevOps): each
 * finding is a failed test case, each path that could not be scanned an errored one. A clean
 * scan is one passing case, since some readers reject a suite without cases.
 */
import type { Formatter, ReportedFinding } from '../reported.js';

/** XML 1.0 forbids most control characters even when escaped: drop them. */
function xml(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function testcase(f: ReportedFinding): string {
  const where = `${f.file}:${f.line}:${f.column}`;
  const commit = f.provenance?.kind === 'commit' ? `\ncommit: ${f.provenance.commit}` : '';
  const policy = f.policyChange === undefined ? '' : `\npolicy change: ${f.policyChange}`;
  const body = `${f.description}\nrule: ${f.ruleId}\nseverity: ${f.severity}\nlocation: ${where}\npreview: ${f.preview}\nfingerprint: ${f.fingerprint}${commit}${policy}`;
  return (
    `    <testcase classname="${xml(f.file)}" name="${xml(`${f.ruleId} at ${where}`)}" file="${xml(f.file)}" line="${f.line}">\n` +
    `      <failure type="${xml(f.severity)}" message="${xml(`${f.description} (${f.severity})`)}">${xml(body)}</failure>\n` +
    `    </testcase>`
  );
}

export const formatJunit: Formatter = (findings, ctx) => {
  const { stats } = ctx;
  const cases = findings.map(testcase);
  for (const s of stats.skipped) {
    cases.push(`    <testcase classname="${xml(s.path)}" name="${xml(`not scanned: ${s.path}`)}">\n      <error type="incomplete" message="${xml(s.reason)}"/>\n    </testcase>`);
  }
  if (cases.length === 0) cases.push(`    <testcase classname="leakproof" name="no secrets found"/>`);
  const tests = Math.max(1, findings.length + stats.skipped.length);
  const time = (stats.durationMs / 1000).toFixed(3);
  const counts = `tests="${tests}" failures="${findings.length}" errors="${stats.skipped.length}" skipped="0" time="${time}"`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="leakproof" ${counts}>\n` +
    `  <testsuite name="leakproof secret scan" ${counts}>\n` +
    `    <properties>\n      <property name="version" value="${xml(ctx.version)}"/>\n      <property name="files" value="${stats.files}"/>\n      <property name="allowedInline" value="${stats.allowed.length}"/>\n    </properties>\n` +
    `${cases.join('\n')}\n` +
    `  </testsuite>\n` +
    `</testsuites>\n`
  );
};
