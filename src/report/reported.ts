import type { Finding, ScanStats } from '../model.js';

/** A finding as reporters see it: the raw secret is absent unless the user opted in. */
export type ReportedFinding = Omit<Finding, 'secret'> & { readonly secret?: string };

export interface ReportContext {
  readonly stats: ScanStats;
  readonly color: boolean;
  readonly version: string;
  /** When the scan started (reports that carry scan times: GitLab). Defaults to the epoch. */
  readonly startedAt?: Date;
}

export type Formatter = (findings: readonly ReportedFinding[], ctx: ReportContext) => string;

/** The single place where the secret is removed (or, with `--show-secrets`, kept). */
export function toReported(findings: readonly Finding[], showSecrets: boolean): ReportedFinding[] {
  return findings.map(({ secret, ...rest }) => (showSecrets ? { ...rest, secret } : rest));
}

const ORDER = { high: 0, medium: 1, low: 2 } as const;

export function sortFindings<T extends ReportedFinding>(findings: readonly T[]): T[] {
  return [...findings].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.cell ?? 0) - (b.cell ?? 0) || Number(a.cellOutput ?? false) - Number(b.cellOutput ?? false) || a.line - b.line || a.column - b.column || ORDER[a.severity] - ORDER[b.severity],
  );
}
