/** SARIF 2.1.0 as GitHub code scanning accepts it: rule metadata, levels and security-severity. */
import type { Severity } from '../../model.js';
import type { Formatter } from '../reported.js';

const LEVEL: Record<Severity, string> = { high: 'error', medium: 'warning', low: 'note' };
/** GitHub buckets security-severity: ≥ 9.0 critical, ≥ 7.0 high, ≥ 4.0 medium, else low. */
const SECURITY_SEVERITY: Record<Severity, string> = { high: '8.5', medium: '5.5', low: '2.0' };
const RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };
const HELP =
  'A credential in source code is readable by everyone with access to the repository and its history. ' +
  'Revoke or rotate it at the provider, load it from the environment or a secret manager, and remove it from git history if it was pushed.';

export const formatSarif: Formatter = (findings, ctx) => {
  const ruleIds = [...new Set(findings.map((f) => f.ruleId))].sort();
  const rules = ruleIds.map((id) => {
    const ofRule = findings.filter((x) => x.ruleId === id);
    const f = ofRule[0];
    // The rule's level is its most severe result: a checksum-failed (low) token seen first must not lower it.
    const severity = ofRule.reduce<Severity>((s, x) => (RANK[x.severity] > RANK[s] ? x.severity : s), 'low');
    return {
      id,
      name: id,
      shortDescription: { text: f?.description ?? id },
      fullDescription: { text: f?.description ?? id },
      help: { text: HELP },
      defaultConfiguration: { level: LEVEL[severity] },
      properties: { tags: ['security', 'secret'], 'security-severity': SECURITY_SEVERITY[severity], precision: 'high' },
    };
  });
  const results = findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIds.indexOf(f.ruleId),
    level: LEVEL[f.severity],
    // SARIF never carries the secret (--show-secrets is refused for it): the preview only.
    message: { text: `${f.description}: ${f.preview}${f.policyChange === undefined ? '' : ` (policy change: ${f.policyChange})`}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(f.file) },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
      },
    ],
    partialFingerprints: { 'leakproof/v1': f.fingerprint },
    properties: { severity: f.severity, ...(f.provenance?.kind === 'commit' ? { commit: f.provenance.commit } : {}) },
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'leakproof', version: ctx.version, informationUri: 'https://www.npmjs.com/package/leakproof', rules } },
        results,
        invocations: [
          {
            executionSuccessful: ctx.stats.skipped.length === 0,
            toolExecutionNotifications: ctx.stats.skipped.map((s) => ({ level: 'warning', message: { text: `not scanned: ${s.path}: ${s.reason}` } })),
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
};
