/**
 * GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…::…` per finding,
 * shown as annotations on the pull request diff. Values are escaped as the runner requires
 * (`%`, CR, LF everywhere; `:` and `,` in properties) so a crafted path cannot inject a command.
 */
import type { Severity } from '../../model.js';
import type { Formatter, ReportedFinding } from '../reported.js';

const COMMAND: Record<Severity, string> = { high: 'error', medium: 'warning', low: 'notice' };

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(f: ReportedFinding): string {
  const props = [
    `file=${escapeProperty(f.file)}`,
    `line=${f.line}`,
    `endLine=${f.endLine}`,
    // Column ranges are only meaningful on one line; GitHub rejects them across lines.
    ...(f.line === f.endLine ? [`col=${f.column}`, `endColumn=${f.endColumn}`] : []),
    `title=${escapeProperty(`leakproof: ${f.ruleId} (${f.severity})`)}`,
  ];
  const commit = f.provenance?.kind === 'commit' ? ` in commit ${f.provenance.commit.slice(0, 12)}` : '';
  const policy = f.policyChange === undefined ? '' : ` — policy change: ${f.policyChange}`;
  return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(`${f.description}${commit}: ${f.preview}${policy}`)}`;
}

export const formatGithub: Formatter = (findings, ctx) => {
  const lines = findings.map(annotation);
  for (const s of ctx.stats.skipped) lines.push(`::warning title=leakproof%3A not scanned::${escapeData(`${s.path}: ${s.reason} — the scan is incomplete`)}`);
  const unused = ctx.stats.baseline?.unused ?? [];
  for (const e of unused) lines.push(`::notice title=leakproof%3A unused baseline entry::${escapeData(`${e.path ?? '(any file)'} ${e.rule} ${e.fingerprint}`)}`);
  lines.push(`${findings.length} finding(s), ${ctx.stats.files} files scanned, ${ctx.stats.allowed.length} allowed inline${ctx.stats.baseline ? `, ${ctx.stats.baseline.suppressed} in baseline` : ''}`);
  return `${lines.join('\n')}\n`;
};
