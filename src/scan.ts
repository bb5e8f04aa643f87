/**
 * Orchestration: source → policy for the path → engine → suppression (own examples, the
 * baseline file itself, baseline entries) → findings and stats. Returns data; never prints and
 * never touches process state, so the CLI and library users get the same result.
 */
import type { AllowedFinding, Finding, ScanResult, ScanTarget, Skipped } from './model.js';
import type { Baseline } from './baseline/baseline-file.js';
import { BaselineMatcher } from './baseline/baseline-match.js';
import type { Policy } from './config/policy.js';
import type { Source } from './sources/source.js';
import { detectDocument } from './sources/notebook-detect.js';
import { readFileCapped } from './sources/read-file.js';
import { type Job, type JobEvent, scanInOrder } from './workers/pool.js';

export const DEFAULT_MAX_FILE_SIZE = 100 * 1024 * 1024;

/**
 * The policy proposed by the change under review (CI gate, `--config-from <base>`): findings
 * are judged by the base policy, and any finding this one would suppress — or that an inline
 * allow on a line the change adds would hide — is reported with a `policyChange` note.
 */
export interface ProposedPolicy {
  readonly policy: Policy;
  readonly baseline?: Baseline;
  /** Names the proposed config files in notes. */
  readonly label: string;
}

export interface ScanOptions {
  readonly source: Source;
  readonly policy: Policy;
  /** Known findings to leave out (`--baseline`). */
  readonly baseline?: Baseline;
  /**
   * Findings about files rather than their bytes (the `.env` git-state checks), found by the
   * caller; they pass the same baseline as the rest, so `baseline create` can record them.
   */
  readonly pathFindings?: PathFindings;
  /** List baseline entries that matched nothing (`--report-unused`). */
  readonly reportUnused?: boolean;
  readonly proposed?: ProposedPolicy;
  readonly maxFileSize?: number;
  /** Called after each unit with the running byte count (for a progress display). */
  readonly onProgress?: (files: number, bytes: number) => void;
  /** Worker threads for large inputs (default: CPU count; 1 keeps everything on this thread). */
  readonly threads?: number;
  readonly now?: () => number;
}

export interface PathFindings {
  readonly findings: readonly Finding[];
  readonly notes: readonly string[];
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const { policy, proposed } = options;
  const matcher = options.baseline ? new BaselineMatcher(options.baseline) : undefined;
  const proposedMatcher = proposed?.baseline ? new BaselineMatcher(proposed.baseline) : undefined;
  const inScope = new Set<string>();
  const findings: Finding[] = [];
  const allowed: AllowedFinding[] = [];
  const skipped: Skipped[] = [];
  let suppressed = 0;
  let files = 0;
  let bytes = 0;

  // Policy and source skips are decided here, in source order; reading and matching run in
  // scanInOrder — on worker threads once the input is large — and come back in the same order.
  async function* jobs(): AsyncGenerator<Job> {
    for await (const event of options.source) {
      if (event.kind === 'skipped') {
        skipped.push({ path: event.path, reason: event.reason });
        continue;
      }
      const path = event.kind === 'file' ? event.path : event.target.path;
      const here = policy.forPath(path);
      if (here.pathAllowed) {
        if (matcher && options.reportUnused) inScope.add(policy.rootPath(path));
        continue;
      }
      yield { event, scope: here };
    }
  }

  // Only a proposed policy re-scans the bytes of files with findings.
  const pipeline = { limits: { maxFileSize, keepContent: proposed !== undefined }, ...(options.threads !== undefined ? { threads: options.threads } : {}) };
  for await (const { job, result } of scanInOrder(jobs(), pipeline)) {
    const { event } = job;
    const path = event.kind === 'file' ? event.path : event.target.path;
    if (result.kind === 'skipped') {
      skipped.push({ path, reason: result.reason });
      continue;
    }
    // Only a file actually read can show a baseline entry is unused (a skipped one is unknown).
    if (matcher && options.reportUnused) inScope.add(policy.rootPath(path));
    files++;
    bytes += result.bytes;
    const provenance = event.kind === 'content' ? { provenance: event.provenance } : {};
    const target: ScanTarget = event.kind === 'file' ? { path, content: result.content ?? Buffer.alloc(0) } : { ...event.target, content: result.content ?? Buffer.alloc(0) };

    let found = result.found;
    for (const { finding, allow } of result.inline) {
      if (proposed && target.lines?.has(allow.line)) {
        // The change adds the directive itself: it only takes effect after review and merge.
        found.push({ ...finding, policyChange: `inline "${allow.directive}" on line ${allow.line} is added by this change` });
      } else {
        allowed.push({ ruleId: finding.ruleId, file: finding.file, line: finding.line, directive: allow.directive, directiveLine: allow.line, ...provenance });
      }
    }
    found = found.filter((f) => !policy.isOwnExample(f.file, f.secret));
    if (result.ownBaseline === true) found = [];
    if (matcher) {
      const before = found.length;
      found = found.filter((f) => !matcher.matches(f.ruleId, f.secret, policy.rootPath(f.file)));
      suppressed += before - found.length;
    }
    if (proposed && found.length > 0) found = markPolicyChanges(found, withContent(target, event), proposed, proposedMatcher);
    for (const f of found) findings.push({ ...f, ...provenance });
    options.onProgress?.(files, bytes);
  }

  for (const f of options.pathFindings?.findings ?? []) {
    if (matcher && options.reportUnused) inScope.add(policy.rootPath(f.file));
    if (matcher?.matches(f.ruleId, f.secret, policy.rootPath(f.file))) suppressed++;
    else findings.push(f);
  }
  const notes = options.pathFindings?.notes ?? [];
  const baseline = options.baseline && matcher
    ? { file: options.baseline.file, suppressed, ...(options.reportUnused ? { unused: matcher.unused((p) => inScope.has(p), skipped.length === 0) } : {}) }
    : undefined;
  return {
    findings,
    stats: { files, bytes, durationMs: Math.round(now() - started), skipped, allowed, ...(baseline ? { baseline } : {}), ...(notes.length > 0 ? { notes: [...notes] } : {}) },
  };
}

/** A file streamed in chunks comes back without its bytes; the rare path that needs them re-reads it. */
function withContent(target: ScanTarget, event: JobEvent): ScanTarget {
  if (target.content.length > 0 || event.kind !== 'file') return target;
  const read = readFileCapped(event.absPath, Number.MAX_SAFE_INTEGER);
  return read.ok ? { ...target, content: read.content } : target;
}

/** Notes on findings that the change's own policy (config, baseline) would have suppressed. */
function markPolicyChanges(found: Finding[], target: ScanTarget, proposed: ProposedPolicy, baseline: BaselineMatcher | undefined): Finding[] {
  const after = proposed.policy.forPath(target.path);
  const note = (why: string): string => `${why}; the base revision's policy applies until this change is merged`;
  if (after.pathAllowed) return found.map((f) => ({ ...f, policyChange: f.policyChange ?? note(`allowlist.paths in ${proposed.label} is changed to cover ${target.path}`) }));
  // Inline directives are judged above; here only the config decides.
  const still = new Set(
    detectDocument(target, after.ruleset, { allowlist: after.allowlist, ignoreInlineAllows: true }).map((f) => `${f.ruleId}:${f.cell ?? ''}${f.cellOutput ? 'o' : ''}:${f.line}:${f.column}`),
  );
  return found.map((f) => {
    if (f.policyChange !== undefined) return f;
    if (!still.has(`${f.ruleId}:${f.cell ?? ''}${f.cellOutput ? 'o' : ''}:${f.line}:${f.column}`)) return { ...f, policyChange: note(`${proposed.label} is changed to allow it (rules, disabledRules or allowlist)`) };
    if (baseline?.matches(f.ruleId, f.secret, proposed.policy.rootPath(f.file))) return { ...f, policyChange: note(`a baseline entry for it is added in ${baseline.baseline.file}`) };
    return f;
  });
}
