/**
 * GitLab secret-detection report (`artifacts:reports:secret_detection`), schema 15.x: the
 * merge-request widget and the vulnerability report read it. No `raw_source_code_extract`
 * (it would carry the secret); `category` is kept for readers of the 14.x schema.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../../model.js';
import type { Formatter, ReportedFinding } from '../reported.js';

export const GITLAB_SCHEMA_VERSION = '15.0.7';
const SEVERITY: Record<Severity, string> = { high: 'High', medium: 'Medium', low: 'Low' };
/** GitLab's own analyzer writes this when the scan did not come from a commit. */
const NO_COMMIT = '0000000';

/** The schema wants `YYYY-MM-DDTHH:MM:SS`, without fraction or zone. */
function gitlabTime(d: Date): string {
  return d.toISOString().slice(0, 19);
}

function vulnerability(f: ReportedFinding): Record<string, unknown> {
  const sha = f.provenance?.kind === 'commit' ? f.provenance.commit : NO_COMMIT;
  // Stable across runs for the same secret at the same place; derived from the (keyed) fingerprint only.
  const id = createHash('sha256').update(`${f.fingerprint}\0${f.file}\0${f.line}\0${sha}`).digest('hex');
  const policy = f.policyChange === undefined ? '' : ` Policy change: ${f.policyChange}.`;
  return {
    id,
    category: 'secret_detection',
    name: f.description,
    description: `${f.description} (rule ${f.ruleId}) at ${f.file}:${f.line}:${f.column}: ${f.preview}.${policy}`,
    severity: SEVERITY[f.severity],
    confidence: 'High',
    location: {
      file: f.file,
      start_line: f.line,
      end_line: f.endLine,
      commit: { sha, ...(f.provenance?.kind === 'commit' ? { date: f.provenance.authorDate } : {}) },
    },
    identifiers: [{ type: 'leakproof_rule_id', name: `leakproof rule ${f.ruleId}`, value: f.ruleId }],
  };
}

export const formatGitlab: Formatter = (findings, ctx) => {
  const started = ctx.startedAt ?? new Date(0);
  const ended = new Date(started.getTime() + ctx.stats.durationMs);
  const tool = { id: 'leakproof', name: 'leakproof', version: ctx.version, vendor: { name: 'leakproof' }, url: 'https://www.npmjs.com/package/leakproof' };
  const report = {
    version: GITLAB_SCHEMA_VERSION,
    vulnerabilities: findings.map(vulnerability),
    scan: {
      analyzer: tool,
      scanner: tool,
      type: 'secret_detection',
      start_time: gitlabTime(started),
      end_time: gitlabTime(ended),
      status: ctx.stats.skipped.length === 0 ? 'success' : 'failure',
      messages: ctx.stats.skipped.map((s) => ({ level: 'warn', value: `not scanned: ${s.path}: ${s.reason}` })),
    },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
};
