/**
 * Values that stand in for a secret rather than being one, in two tiers.
 *
 * - **Stand-ins** (`xxxx`, `****`, `EXAMPLE`, `your-…-here`, `<…>`, `${VAR}`, empty words, one
 *   repeated character, `[REDACTED:…]`, dummy/placeholder words): nobody mistakes these for a
 *   key, so no rule ever reports them.
 * - **Typed filler** (`0123456789`, `abcdefghij`, `a1b2c3d4`, repeated short units, `foo`+`bar`,
 *   the RFC 4122 sample UUID, JWTs with documentation claims): what people type into a sample.
 *   A generic rule drops them — without a provider anchor nothing else says the value is a
 *   credential — but a provider-anchored rule reports them at `low`: the prefix, checksum or
 *   provider context makes the value a credential slot, and a real key can be built that way.
 *
 * These are fixed internal checks on the (already extracted) secret, not rule patterns; none of
 * these shapes occurs in random tokens by chance (see placeholder-docs.test.ts).
 */

import type { RuleSpec } from '../model.js';
import { isExampleJwt } from './noise-jwt.js';

export type PlaceholderKind = 'stand-in' | 'filler';

const EMPTY_WORDS = new Set([
  '', 'none', 'null', 'nil', 'undefined', 'true', 'false', 'empty', 'n/a', 'na', 'tbd', 'todo',
]);

const REFERENCE_MARKERS = [
  '${', '{{', '}}', '#{', 'process.env', 'import.meta.env', 'os.environ', 'os.getenv',
  'getenv(', 'env(', 'env[', 'environ[', 'secrets.', 'vars.', '<%', '%>',
];

// Plain substrings where a regex would only spell them out: the hooks check a value or two per
// run, and compiling a JavaScript regex on first use costs more than the search.
const SAMPLE_WORDS = ['invalid', 'dummy', 'placeholder', 'notreal', 'not-real', 'not_real', 'redacted', 'changeme'];
const MASKS = ['xxxx', 'XXXX', '***', '...', '\u2026', '\u2022\u2022', '####'];
const FILL_VERBS = ['insert', 'replace', 'put', 'enter'];
const COUNTING = ['0123456789', '123456789', 'abcdefghij', 'qwertyuiop'];
const SAMPLE_SEQUENCES = ['a1b2c3d4', '1a2b3c4d', 'abcd1234', '1234abcd', '987654321', 'zyxwvu', '123e4567-e89b'];

const has = (text: string, parts: readonly string[]): boolean => parts.some((part) => text.includes(part));

/** Characters in runs of four or more of one character, as `/(.)\1{3,}/g` finds them (`.`: no line terminator). */
function inRuns(value: string): number {
  let total = 0;
  for (let i = 0; i < value.length; ) {
    const c = value.charCodeAt(i);
    let j = i + 1;
    while (j < value.length && value.charCodeAt(j) === c) j++;
    if (j - i >= 4 && c !== 0x0a && c !== 0x0d && c !== 0x2028 && c !== 0x2029) total += j - i;
    i = j;
  }
  return total;
}

function isStandIn(value: string, lower: string, runs: number): boolean {
  if (EMPTY_WORDS.has(lower)) return true;
  // `leakproof redact` output (`[REDACTED:<rule>:<hex>]`): re-scanning redacted text must be clean.
  if (lower.includes('[redacted:')) return true;
  if (lower.includes('example')) return true;
  // Words people type into a sample value; ≥ 5 letters, so a random token holds one by chance
  // less than once in 10^6.
  if (has(lower, SAMPLE_WORDS)) return true;
  if (has(value, MASKS)) return true;
  if (value.includes('<') && (/^<[^<>]*>$/.test(value) || /<[a-z_ -]{3,}>/i.test(value))) return true;
  if ((value[0] === '$' || value[0] === '%') && (/^\$[A-Z_][A-Z0-9_]*$/.test(value) || /^%[A-Z_][A-Z0-9_]*%$/.test(value))) return true;
  if (lower.includes('your') && (/your[-_ ]?[a-z0-9_ -]*[-_ ]?here/.test(lower) || /^your[-_]/.test(lower))) return true;
  if (lower.length < 48 && has(lower, FILL_VERBS) && /(insert|replace|put|enter)[-_ ](your|the|a|it|key|token|secret)/.test(lower)) return true;
  if (has(lower, REFERENCE_MARKERS)) return true;
  // Shell `$(cmd)` and Python `%(name)s`, written out in full: a bare `$(` or `%(` also occurs
  // in random keys drawn from punctuation alphabets (Django's SECRET_KEY).
  if ((lower.includes('$(') || lower.includes('%(')) && /\$\([a-z_][^()]*\)|%\([a-z_][a-z0-9_]*\)[sdifr]/.test(lower)) return true;
  // Mostly runs of one character (`AAAAAAAAAAAA-BBBBBBBBBBBB`, `AKIAZZZZZZZZZZZZZZZZ`, a
  // binary's byte tables): padding, not a value anyone typed or generated.
  return runs * 2 >= value.length;
}

function isTypedFiller(value: string, lower: string, runs: number): boolean {
  // A short unit repeated (abcdefabcdef…, ABCDE12-ABCDE12-…), runs of four of successive
  // characters (aaaabbbbcccc…), two long runs of different characters (AAAAAAAA-BBBBBBBB). At
  // these lengths a random hex key matches by chance less than once in 10^5. A single run is
  // not enough: base64 and hex encode zero bytes as runs of A and 0 (Twitter bearer tokens
  // start with 21 A's).
  const runsCollapsed = runs === 0 ? value : value.replace(/(.)\1{3,}/g, '\u0000');
  if (/(..)\1{4}|(.{3,4})\2{3}|(.{5,8})\3{2}/.test(runsCollapsed)) return true;
  if (runs > 0 && /(.)\1{3}(?!\1)(.)\2{3}(?!\2)(.)\3{3}|(.)\4{7}.*?(?!\4)(.)\5{7}/.test(value)) return true;
  if (has(lower, COUNTING)) return true;
  // Typed counting patterns (a1b2c3…, abcd1234, 987654321, zyxwvu) and the RFC 4122 sample
  // UUID (123e4567-e89b-…): documentation fill-ins, about 1e-9 likely in a random token.
  if (has(lower, SAMPLE_SEQUENCES) || (lower.includes('abc123') && /abc123(?![0-9a-f])/.test(lower))) return true;
  // Metasyntactic variables: tests and docs write `foo:bar@host`, `foo%40bar`; a random token
  // holds both words by chance about once in 10^7.
  if (lower.includes('foo') && lower.includes('bar')) return true;
  // A well-formed JWT copied from documentation (the claims give it away).
  return isExampleJwt(value);
}

/** Which placeholder tier `secret` falls in, if any. */
export function placeholderKind(secret: string): PlaceholderKind | undefined {
  const value = secret.trim();
  const lower = value.toLowerCase();
  const runs = inRuns(value);
  if (isStandIn(value, lower, runs)) return 'stand-in';
  return isTypedFiller(value, lower, runs) ? 'filler' : undefined;
}

/** True when `secret` is a placeholder of either tier: no rule reports it at its own severity. */
export function isPlaceholder(secret: string): boolean {
  return placeholderKind(secret) !== undefined;
}

// Rule families (the first word of a rule id) that name a format, not an issuer: generic
// assignments, URL and connection-string credentials, agent configs, curl, bare JWTs and
// private keys, .env templates.
const FORMAT_FAMILIES = new Set(['generic', 'connection', 'url', 'curl', 'agent', 'jwt', 'private', 'dotenv']);
const genericCache = new WeakMap<RuleSpec, boolean>();

/**
 * A rule without a provider anchor: its family is a format, or it is tagged `generic` without
 * its family among its tags (`google-api-key` is tagged `generic` only to yield to the Gemini
 * rule; its `google` tag and `AIza` prefix anchor it).
 */
export function isGenericRule(rule: RuleSpec): boolean {
  let generic = genericCache.get(rule);
  if (generic === undefined) {
    const family = rule.id.split('-')[0] ?? '';
    generic = FORMAT_FAMILIES.has(family) || (rule.tags.includes('generic') && !rule.tags.includes(family));
    genericCache.set(rule, generic);
  }
  return generic;
}

/**
 * What the placeholder policy does with a rule's secret: `drop` it, report it as a `sample`
 * (at low severity), or leave it alone (`undefined`).
 */
export function placeholderVerdict(secret: string, rule: RuleSpec): 'drop' | 'sample' | undefined {
  const kind = placeholderKind(secret);
  if (kind === undefined) return undefined;
  return kind === 'stand-in' || isGenericRule(rule) ? 'drop' : 'sample';
}
