/** SARIF 2.1.0 as GitHub code scanning accepts it: rule metadata, levels and security-severity. */
import type { Severity } from '../../model.js';
import type { Formatter } from '../reported.js';

const LEVEL: Record<Severity, string> = { high: 'error', medium: 'warning', low: 'note' };
const SECURITY_SEVERITY: Record<Severity, string> = { high: '8.5', medium: '5.5', low: '2.0' };

export const formatSarif: Formatter = (findings, ctx) => {
  const ruleIds = [...new Set(findings.map((f) => f.ruleId))].sort();
  const rules = ruleIds.map((id) => {
    const f = findings.find((x) => x.ruleId === id);
    const severity = f?.severity ?? 'medium';
    return {
      id,
      name: id,
      shortDescription: { text: f?.description ?? id },
      defaultConfiguration: { level: LEVEL[severity] },
      properties: { tags: ['security', 'secret'], 'security-severity': SECURITY_SEVERITY[severity], precision: 'high' },
    };
  });
  const results = findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIds.indexOf(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: `${f.description}: ${f.secret ?? f.preview}` },
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
