import type { Severity } from '../../model.js';
import { formatBytes } from '../../sources/read-file.js';
import type { Formatter, ReportedFinding } from '../reported.js';

function location(f: ReportedFinding): string {
  const cell = f.cell === undefined ? '' : `:cell ${f.cell}${f.cellOutput ? ' output' : ''}`;
  const where = `${f.file}${cell}:${f.line}:${f.column}`;
  return f.provenance?.kind === 'commit' ? `${where} (commit ${f.provenance.commit.slice(0, 12)}, ${f.provenance.authorDate})` : where;
}

/**
 * The five SGR styles this report uses, or none. Not a colour library: loading one (picocolors)
 * made process.stdout to ask whether it is a terminal, ~2 ms of every pre-commit run, and the
 * CLI has already decided that (`ctx.color`).
 */
function palette(on: boolean): Record<'bold' | 'dim' | 'red' | 'yellow' | 'cyan', (s: string) => string> {
  const style = (open: number, close: number) => (s: string) => (on ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { bold: style(1, 22), dim: style(2, 22), red: style(31, 39), yellow: style(33, 39), cyan: style(36, 39) };
}

export const formatText: Formatter = (findings, ctx) => {
  const c = palette(ctx.color);
  const paint: Record<Severity, (s: string) => string> = { high: c.red, medium: c.yellow, low: c.cyan };
  const lines: string[] = [];
  let current: string | undefined;
  for (const f of findings) {
    if (f.file !== current) {
      if (current !== undefined) lines.push('');
      lines.push(c.bold(f.file));
      current = f.file;
    }
    const tag = paint[f.severity](`[${f.severity.toUpperCase()}]`);
    const shown = f.secret === undefined ? f.preview : f.secret;
    lines.push(`  ${tag} ${f.description}  ${location(f)}  ${shown}  ${c.dim(f.ruleId)}`);
    if (f.policyChange !== undefined) lines.push(`    ${c.yellow('policy change:')} ${f.policyChange}`);
  }
  const { stats } = ctx;
  if (stats.skipped.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(c.yellow(`Not scanned (${stats.skipped.length}) — the scan is incomplete:`));
    for (const s of stats.skipped) lines.push(`  ${s.path}: ${s.reason}`);
  }
  const unused = stats.baseline?.unused ?? [];
  if (unused.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(c.yellow(`Unused baseline entries (${unused.length}) in ${stats.baseline?.file ?? 'the baseline'} — remove them with \`leakproof baseline update\`:`));
    for (const e of unused) lines.push(`  ${e.path ?? '(any file)'}  ${e.rule}  ${e.fingerprint}`);
  }
  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  const suppressed = [
    ...(stats.allowed.length > 0 ? [`${stats.allowed.length} allowed inline`] : []),
    ...(stats.baseline ? [`${stats.baseline.suppressed} in baseline`] : []),
  ];
  if (lines.length > 0) lines.push('');
  lines.push(
    `${count('high')} high, ${count('medium')} medium, ${count('low')} low | ` +
      `${stats.files} files (${formatBytes(stats.bytes)}) scanned in ${stats.durationMs} ms` +
      (suppressed.length > 0 ? ` | ${suppressed.join(', ')}` : ''),
  );
  return `${lines.join('\n')}\n`;
};
