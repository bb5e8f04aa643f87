/**
 * The engine: bytes in, findings out. Pure — no I/O, no logging, no process state.
 * keyword prefilter → RE2 on bytes → secret checks (entropy, placeholder, checksum,
 * allowlists) → inline directives → location, preview and fingerprint.
 */
import type { Finding, RuleSpec, ScanTarget, Severity } from '../model.js';
import type { CompiledRule, Ruleset } from '../rules/compile.js';
import type { CompiledPattern } from './regex.js';
import { decode } from './encoding.js';
import { shannonEntropy } from './entropy.js';
import { fingerprint } from './fingerprint.js';
import { inlineAllow, type InlineAllow } from './inline-allow.js';
import { LineIndex } from './location.js';
import { placeholderVerdict } from './placeholder.js';
import { redact } from './redact.js';
import { planMatches, type Region } from './windows.js';

/** Allowlist entries that apply to every rule (from the user's config). */
export interface GlobalAllowlist {
  readonly regexes: readonly CompiledPattern[];
  readonly stopwords: readonly string[];
}

export interface DetectOptions {
  readonly allowlist?: GlobalAllowlist;
  /** Report findings on lines carrying `leakproof:allow` and friends (for audits). */
  readonly ignoreInlineAllows?: boolean;
  /**
   * Receives each finding an inline directive suppressed, so reports can count and list them
   * (an allow nobody can see cannot be reviewed).
   */
  readonly onAllowed?: (finding: Finding, allow: InlineAllow) => void;
  /**
   * The content's kind, already decided for the whole file (a later chunk of a streamed file):
   * the bytes are matched as given, never sniffed or transcoded again.
   */
  readonly kind?: 'text' | 'binary';
}

interface Candidate {
  readonly rule: CompiledRule;
  readonly start: number;
  readonly end: number;
  readonly secret: string;
  readonly entropy: number;
  readonly severity: Severity;
}

/** `entropy` undefined: the rule's entropy floor does not apply to this value. */
function rejectedSecret(rule: CompiledRule, secret: string, entropy: number | undefined, allow: GlobalAllowlist | undefined): boolean {
  const { spec } = rule;
  if (spec.entropy !== undefined && entropy !== undefined && entropy < spec.entropy) return true;
  const lower = secret.toLowerCase();
  if (spec.allowlist?.stopwords?.some((w) => lower.includes(w))) return true;
  if (allow?.stopwords.some((w) => lower.includes(w))) return true;
  const asBytes = Buffer.from(secret, 'utf8');
  if (rule.allowRegexes().some((re) => re.test(asBytes))) return true;
  return allow?.regexes.some((re) => re.test(asBytes)) ?? false;
}

/** Matches of `rule` in `bytes[from, to)`; offsets are into `bytes`. */
function matchRule(rule: CompiledRule, bytes: Buffer, allow: GlobalAllowlist | undefined, [from, to]: Region): Candidate[] {
  const out: Candidate[] = [];
  const group = rule.secretGroup();
  const view = from === 0 && to === bytes.length ? bytes : bytes.subarray(from, to);
  for (const m of rule.pattern().matchAll(view)) {
    const span = group === 0 ? ([m.start, m.end] as const) : m.groups[group - 1];
    if (span === undefined || span[1] <= span[0]) continue;
    const start = from + span[0];
    const end = from + span[1];
    const secret = bytes.toString('utf8', start, end);
    const entropy = shannonEntropy(secret);
    const placeholder = placeholderVerdict(secret, rule.spec);
    if (placeholder === 'drop') continue;
    // Typed filler is low-entropy by construction (`cbadefcbadef…`): the rule's floor, which
    // tells a random token from a word, would drop the sample the policy reports at low.
    if (rejectedSecret(rule, secret, placeholder === 'sample' ? undefined : entropy, allow)) continue;
    // Typed filler in a provider's credential slot, or a failed checksum (a mistyped token is
    // still a token), keeps the finding at low severity.
    const severity = placeholder === 'sample' || (rule.checksum && !rule.checksum(secret)) ? 'low' : rule.spec.severity;
    out.push({ rule, start, end, secret, entropy, severity });
  }
  return out;
}

/** Drop a generic finding when a more specific rule reported an overlapping secret. */
function preferSpecific(candidates: Candidate[]): Candidate[] {
  // Provider rules first; among generic rules, one scoped to the file's path (it knows the
  // file's structure, e.g. an MCP config's env block) before an unscoped assignment pattern.
  const rank = (c: Candidate): number => (!c.rule.generic ? 2 : c.rule.spec.paths !== undefined ? 1 : 0);
  if (candidates.every((c) => rank(c) === 2)) return candidates;
  const overlaps = (a: Candidate, b: Candidate): boolean => a.start < b.end && b.start < a.end;
  return candidates.filter((c) => rank(c) === 2 || !candidates.some((o) => rank(o) > rank(c) && overlaps(c, o)));
}

/** A secret located in the matched bytes; offsets index the bytes given to `locateSecrets`. */
export interface LocatedSecret {
  readonly rule: RuleSpec;
  readonly severity: Severity;
  readonly start: number;
  readonly end: number;
  readonly secret: string;
  readonly entropy: number;
}

/**
 * Every secret in already-decoded bytes, with byte offsets — before positions, inline
 * directives and fingerprints. `detect` builds on it; the redact filter uses the offsets to
 * rewrite streams byte-exactly.
 */
export function locateSecrets(
  bytes: Buffer,
  binary: boolean,
  path: string,
  ruleset: Ruleset,
  options: DetectOptions = {},
): LocatedSecret[] {
  // Keyword hits pick the rules and, on larger buffers, the windows each regex runs on.
  const skip = (i: number): boolean => {
    const rule = ruleset.rules[i];
    return rule === undefined || (binary && rule.generic) || !rule.appliesTo(path);
  };
  const plans = planMatches(ruleset, bytes, { skip });
  if (plans.length === 0) return [];
  const candidates: Candidate[] = [];
  for (const { rule: i, regions } of plans) {
    const rule = ruleset.rules[i];
    if (rule === undefined) continue;
    for (const region of regions) candidates.push(...matchRule(rule, bytes, options.allowlist, region));
  }
  if (candidates.length === 0) return [];
  return preferSpecific(candidates).map(({ rule, start, end, secret, entropy, severity }) => ({
    rule: rule.spec,
    severity,
    start,
    end,
    secret,
    entropy,
  }));
}

export function detect(target: ScanTarget, ruleset: Ruleset, options: DetectOptions = {}): Finding[] {
  const decoded = options.kind === undefined ? decode(target.content) : { kind: options.kind, bytes: target.content };
  const { bytes } = decoded;
  const candidates = locateSecrets(bytes, decoded.kind === 'binary', target.path, ruleset, options);
  if (candidates.length === 0) return [];

  const lines = new LineIndex(bytes);
  const text = (n: number): string => lines.lineText(n);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  let ids: Set<string> | undefined;
  const isRule = (id: string): boolean => (ids ??= new Set(ruleset.rules.map((r) => r.spec.id))).has(id);
  for (const c of candidates) {
    const from = lines.position(c.start);
    const to = lines.position(c.end);
    if (target.lines && !touches(target.lines, from.line, to.line)) continue;
    const key = `${c.rule.id}:${c.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let print: string | undefined;
    const finding: Finding = {
      ruleId: c.rule.id,
      description: c.rule.description,
      severity: c.severity,
      file: target.path,
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
      preview: redact(c.secret),
      // Made on first read: an agent hook names rule and line only, and node:crypto costs ~4 ms to load.
      get fingerprint() {
        return (print ??= fingerprint(c.rule.id, c.secret));
      },
      entropy: Math.round(c.entropy * 100) / 100,
      secret: c.secret,
    };
    const allow = options.ignoreInlineAllows ? undefined : inlineAllow(text, from.line, c.rule.id, isRule);
    if (allow === undefined) findings.push(finding);
    else options.onAllowed?.(finding, allow);
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

function touches(lines: ReadonlySet<number>, first: number, last: number): boolean {
  for (let l = first; l <= last; l++) if (lines.has(l)) return true;
  return false;
}
