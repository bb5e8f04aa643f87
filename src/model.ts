/** Public data types shared by the engine, sources, reporters and the CLI. Types only. */

export type Severity = 'high' | 'medium' | 'low';

export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];

/** A rule as written in a rules file (after validation). */
export interface RuleSpec {
  /** Unique, lower-case kebab-case identifier. */
  readonly id: string;
  /** One line shown in reports. */
  readonly description: string;
  /** What the key can do: live production access is high. */
  readonly severity: Severity;
  /** Literals (case-insensitive) of which at least one occurs in every match. */
  readonly keywords: readonly string[];
  /** RE2 pattern; the secret is capture group `secretGroup`. */
  readonly regex: string;
  /** Capture group that holds the secret (0 = the whole match). */
  readonly secretGroup: number;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  readonly entropy?: number;
  /** RE2 patterns over the `/`-separated path; the rule only applies to matching paths. */
  readonly paths?: readonly string[];
  /** Name of a structural validator applied to the secret. */
  readonly checksum?: string;
  readonly tags: readonly string[];
  readonly references: readonly string[];
  readonly examples: readonly string[];
  readonly negativeExamples: readonly string[];
  readonly allowlist?: RuleAllowlist;
  /** File the rule was loaded from (for error messages). */
  readonly source: string;
}

export interface RuleAllowlist {
  /** Case-insensitive substrings; a secret containing one is dropped. */
  readonly stopwords?: readonly string[];
  /** RE2 patterns tested against the secret; a match drops it. */
  readonly regexes?: readonly string[];
}

/** Where a piece of scanned content came from. */
export type Provenance =
  | { readonly kind: 'file' }
  | { readonly kind: 'stdin' }
  | { readonly kind: 'staged' }
  | {
      readonly kind: 'commit';
      readonly commit: string;
      readonly authorDate: string;
      /** The commit message rather than a file was scanned. */
      readonly message?: boolean;
    };

/** One unit of content handed to the engine. */
export interface ScanTarget {
  /** `/`-separated path relative to the scan root. */
  readonly path: string;
  readonly content: Buffer;
  /**
   * When set, only findings that touch one of these 1-based lines are reported (the lines a
   * commit adds). The whole content is still matched so multi-line secrets and nearby
   * keywords are seen.
   */
  readonly lines?: ReadonlySet<number>;
}

/** A detected secret. `secret` never leaves the process unless the user opts in. */
export interface Finding {
  readonly ruleId: string;
  readonly description: string;
  readonly severity: Severity;
  /** `/`-separated, relative to the scan root. */
  readonly file: string;
  /**
   * Jupyter notebooks: the 1-based cell the secret is in; `line` and `endLine` then count
   * lines within the cell's source (or, with `cellOutput`, within its text output).
   */
  readonly cell?: number;
  readonly cellOutput?: boolean;
  /** 1-based; columns count UTF-16 code units, as editors and SARIF do. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Redacted: a few leading characters at most, then `…`. */
  readonly preview: string;
  /** Content-keyed: HMAC of rule id + secret; stable across edits, not reversible. */
  readonly fingerprint: string;
  /** Shannon entropy of the secret, bits per character. */
  readonly entropy: number;
  /** The raw secret. Reporters never see it unless `--show-secrets` is given. */
  readonly secret: string;
  readonly provenance?: Provenance;
  /**
   * Set in the CI gate (`--config-from`) when the change under review tries to allow this
   * finding itself (allowlist, inline allow or baseline entry added in the same range). It is
   * still a finding: a change cannot approve its own secret.
   */
  readonly policyChange?: string;
}

/** A finding an inline directive allowed. Listed in reports so allows can be reviewed. */
export interface AllowedFinding {
  readonly ruleId: string;
  readonly file: string;
  readonly line: number;
  /** The directive as written (lower-cased), e.g. `leakproof:allow github-pat-classic`. */
  readonly directive: string;
  /** Line of the directive: the finding's own line or the one before. */
  readonly directiveLine: number;
  readonly provenance?: Provenance;
}

/** One entry of `.leakproof-baseline.json`: a keyed fingerprint, never the secret. */
export interface BaselineEntry {
  /** HMAC-SHA-256 (per-repository salt) of rule id + secret, truncated, hex. */
  readonly fingerprint: string;
  readonly rule: string;
  /** `/`-separated, relative to the policy root; absent: the entry matches in any file. */
  readonly path?: string;
}

export interface BaselineSummary {
  /** The baseline file, as named to the user. */
  readonly file: string;
  /** Findings left out because the baseline lists them. */
  readonly suppressed: number;
  /** Entries that matched no finding; computed only when asked (`--report-unused`). */
  readonly unused?: readonly BaselineEntry[];
}

/** Content that was in scope but not scanned; any entry makes the scan incomplete. */
export interface Skipped {
  readonly path: string;
  readonly reason: string;
}

export interface ScanStats {
  readonly files: number;
  readonly bytes: number;
  readonly durationMs: number;
  readonly skipped: readonly Skipped[];
  /** Findings allowed by inline directives. */
  readonly allowed: readonly AllowedFinding[];
  /** Present when a baseline was applied. */
  readonly baseline?: BaselineSummary;
  /** Checks that did not apply and why (e.g. the .env git-state check outside a repository). */
  readonly notes?: readonly string[];
}

export interface ScanResult {
  readonly findings: readonly Finding[];
  readonly stats: ScanStats;
}
