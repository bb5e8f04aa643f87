// Scoring shared by `npm run eval` and its tool adapters: how corpus records are read, written
// to disk and judged, and which provider family a record or a rule belongs to. Pure functions
// over plain data; nothing here prints, and no corpus text or secret ever leaves it.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { placeholderKind } from '../dist/engine/placeholder.js';

// Families that are not one provider's format: the "generic families".
export const GENERIC = new Set([
  'generic', 'password', 'passwd', 'high', 'base64', 'hex', 'keyword', 'private', 'pem', 'rsa', 'ec', 'dsa',
  'ssh', 'openssh', 'pgp', 'pkcs', 'pkcs8', 'putty', 'jwt', 'json', 'uri', 'url', 'basic', 'http', 'https', 'ftp',
  'connection', 'jdbc', 'odbc', 'postgres', 'postgresql', 'mysql', 'mongodb', 'mongo', 'redis', 'amqp', 'contains',
  'credentials', 'credential', 'secret', 'token', 'api', 'apikey', 'authorization', 'bearer', 'username', 'user',
  'encrypted', 'unencrypted', 'netrc', 'htpasswd', 'kubernetes', 'k8s', 'docker', 'dockerconfig', 'np', 'kingfisher',
  'curl', 'sql', 'sqlserver', 'mssql', 'ldap', 'smtp', 'generic_api_key', 'private_key', 'artifact', 'cert', 'certificate',
  'hardcoded', 'weak', 'ip', 'basicauth', 'privatekey', 'dotenv', 'env', 'database', 'secp256k1', 'no',
]);
// Same provider, different spellings across scanners.
const SYNONYMS = {
  amazon: 'aws', bedrock: 'aws', gcp: 'google', gemini: 'google', firebase: 'google', microsoft: 'azure',
  msteams: 'azure', hugging: 'huggingface', hf: 'huggingface', claude: 'anthropic', sendinblue: 'brevo',
  twitter: 'x', facebook: 'meta', tfc: 'hashicorp', terraform: 'hashicorp', vault: 'hashicorp', hcp: 'hashicorp',
  '1password': 'onepassword', op: 'onepassword', langchain: 'langsmith', nexmo: 'vonage', do: 'digitalocean',
  github_pat: 'github', gh: 'github', ghp: 'github', azuredevops: 'azure', ado: 'azure', pypi: 'pypi', npmjs: 'npm',
  new: 'newrelic', braintree: 'paypal', mailchimp: 'mailchimp', mandrill: 'mailchimp', jira: 'atlassian', confluence: 'atlassian',
  bitbucket: 'atlassian', xai: 'xai', grok: 'xai', okta: 'okta', linkedin: 'linkedin', shopify: 'shopify',
};
const AI = new Set([
  'openai', 'anthropic', 'huggingface', 'groq', 'replicate', 'openrouter', 'xai', 'perplexity', 'mistral', 'cohere',
  'deepseek', 'together', 'fireworks', 'elevenlabs', 'voyage', 'pinecone', 'langsmith', 'assemblyai', 'deepgram',
  'stability', 'cerebras', 'ai21', 'anyscale', 'clarifai', 'jina', 'tavily', 'nvidia', 'runway', 'weightsandbiases',
  'wandb', 'llamacloud', 'helicone', 'portkey', 'azure_openai', 'azureopenai', 'gemini', 'googleai',
]);
// Upstream positives that name where a service lives or who uses it, not a credential (a
// domain, URL, organisation or user name). Scored in the raw recall, and reported apart.
const IDENTIFIER_HINT = /\b(?:url|uri|host|hostname|domain|endpoint|org(?:anization)?(?: name| id)?|username|user ?name|e-?mail|account id|identifier|subdomain|region|ip_public|ip address|site)\b/i;
const CREDENTIAL_HINT = /token|secret|password|passwd|key|credential|webhook|trigger|sensitive|connection|auth/i;

function tokens(text) {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** Provider family of an upstream rule hint or of a rule id. */
export function family(name) {
  const ts = tokens(name).filter((t) => !['np', 'kingfisher', 'titus', 'secretlint', 'rule'].includes(t));
  const first = ts[0] ?? name.toLowerCase();
  return SYNONYMS[first] ?? first;
}

/*
 * Token kinds inside one provider family. A rule-scope negative names one of a provider's
 * credentials, and the corpus README says another kind may legitimately fire on it ("a Slack
 * bot token listed as a negative of the Slack user-token rule"): a finding is that rule firing
 * only when its kind matches the hint's. The kind is read from words of the hint and of the
 * finding's rule id and description, on three axes:
 *  - era: `legacy` when it says legacy / deprecated / pre-N / < vN (Vault's pre-1.10 `s.`
 *    tokens, npm's UUID tokens), else current;
 *  - privilege: `admin` when it says admin, else standard;
 *  - holder: who the token acts as (user, bot, app, service, batch, …) or which webhook
 *    (incoming, workflow), compared only when both sides name one.
 * Two kinds differ when their era or privilege differ, or both name holders and share none.
 * Generic families have no kinds: their negatives are judged by family alone.
 */
const HOLDERS = new Set([
  'user', 'bot', 'app', 'workspace', 'service', 'batch', 'recovery', 'refresh', 'session', 'incoming', 'workflow',
  'personal', 'project', 'organization', 'org',
]);
const LEGACY = /\blegacy\b|\bdeprecated\b|\bpre-?\d|<\s*v?\d/i;

export function tokenKind(text) {
  const words = tokens(text);
  return {
    legacy: LEGACY.test(text),
    admin: words.includes('admin'),
    holders: new Set(words.filter((w) => HOLDERS.has(w))),
  };
}

/** True when two kinds of one provider's credentials are different kinds. */
export function differentKind(a, b) {
  if (a.legacy !== b.legacy || a.admin !== b.admin) return true;
  return a.holders.size > 0 && b.holders.size > 0 && ![...a.holders].some((h) => b.holders.has(h));
}

export function isAi(hint) {
  return tokens(hint).some((t) => AI.has(t));
}

export function isIdentifierHint(hint) {
  return IDENTIFIER_HINT.test(hint) && !CREDENTIAL_HINT.test(hint.replace(IDENTIFIER_HINT, ''));
}

/**
 * The placeholder tier of a positive's secret, taken to be the record's longest token-like run
 * of ≥ 12 characters: `stand-in` (`xxxx`, `EXAMPLE`, `<…>`, one repeated character, …: never
 * reported, by design; also a record with no such run) or `filler` (typed sequences such as
 * `0123456789`, repeated units, `foo`+`bar`: reported at low by provider-anchored rules,
 * dropped by generic ones), else undefined.
 */
export function placeholderTier(text) {
  const runs = text.match(/[A-Za-z0-9+/=_.~-]{12,}/g) ?? [];
  let longest = '';
  for (const r of runs) if (r.length > longest.length) longest = r;
  return longest === '' ? 'stand-in' : placeholderKind(longest);
}

export function loadCorpus(dir) {
  const records = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    readFileSync(join(dir, file), 'utf8').split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      const r = { ...JSON.parse(line), file, lineNo: i + 1 };
      if (r.label === 'positive') {
        const tier = placeholderTier(r.text);
        r.placeholder = tier === 'stand-in';
        r.filler = tier === 'filler';
        r.identifier = isIdentifierHint(r.rule_hint);
      }
      records.push(r);
    });
  }
  return records;
}

/** Each record in its own folder `<index>/`, named `path` when given (and safe), else input.txt. */
export function writeRecords(records, work) {
  records.forEach((r, i) => {
    const rel = join(String(i), r.path && !r.path.startsWith('/') && !r.path.includes('..') ? r.path : 'input.txt');
    mkdirSync(dirname(join(work, rel)), { recursive: true });
    writeFileSync(join(work, rel), r.text);
  });
}

/**
 * A reported secret covers an expected value when one contains the other or they share a run
 * of ≥ 12 characters: secretlint's expected values are spans of its own report, which may
 * start at the variable name (`azureClientSecret := "ahDz…`) or stop part-way into the secret.
 */
export function covers(secret, expected) {
  if (secret === '') return false;
  if (secret.includes(expected) || expected.includes(secret)) return true;
  const n = Math.min(12, secret.length, expected.length);
  for (let i = 0; i + n <= secret.length; i++) if (expected.includes(secret.slice(i, i + n))) return true;
  return false;
}

/**
 * Verdict per record. `findings` are normalised ({ file, line, ruleId, secret, family }) with
 * `file` relative to the folder the records were written to.
 */
export function judge(records, findings) {
  const byRecord = new Map();
  for (const f of findings) {
    const key = f.file.split('/')[0];
    const list = byRecord.get(key) ?? [];
    list.push(f);
    byRecord.set(key, list);
  }
  return records.map((r, i) => {
    const found = byRecord.get(String(i)) ?? [];
    if (r.label === 'positive') {
      const expected = r.expected_values ?? [];
      const ok = found.length > 0 && expected.every((v) => found.some((f) => covers(f.secret, v)));
      return { r, ok, findings: found };
    }
    if (r.scope === 'document') return { r, ok: found.length === 0, findings: found };
    const fam = family(r.rule_hint);
    const sameFamily = found.filter((f) => f.family === fam);
    const kind = GENERIC.has(fam) ? undefined : tokenKind(r.rule_hint);
    const sameKind = sameFamily.filter((f) => kind === undefined || !differentKind(kind, tokenKind(f.kindText ?? f.ruleId)));
    // `ok` scores by token kind (the README's reading); `familyOk` is the coarser provider-family
    // verdict, reported beside it.
    return { r, ok: sameKind.length === 0, familyOk: sameFamily.length === 0, findings: found };
  });
}

/** One record per exact text, label and scope (the three Nosey Parker lineage files overlap). */
export function dedupe(judged) {
  const seen = new Map();
  for (const j of judged) {
    const key = `${j.r.label}\0${j.r.scope ?? ''}\0${j.r.text}`;
    const prev = seen.get(key);
    if (!prev || (!prev.ok && j.ok && j.r.label === 'positive')) seen.set(key, j);
  }
  return [...seen.values()];
}

function rate(list) {
  return { n: list.filter((j) => j.ok).length, d: list.length };
}
function fpRate(list) {
  return { n: list.filter((j) => !j.ok).length, d: list.length };
}

/** Counts behind one table row: each value is { n, d }. */
export function summarise(list) {
  const pos = list.filter((j) => j.r.label === 'positive');
  const provider = pos.filter((j) => !GENERIC.has(family(j.r.rule_hint)));
  const secrets = provider.filter((j) => !j.r.identifier);
  return {
    positives: pos.length,
    recall: rate(pos),
    provider: rate(provider),
    ai: rate(pos.filter((j) => isAi(j.r.rule_hint))),
    // Provider credentials (no domains, URLs, user names) whose secret is no stand-in (`xxxx`,
    // `EXAMPLE`, …: never reported); the `firm` columns also leave out typed filler, which
    // provider rules report at low (the definition of prov-real before the two tiers).
    providerReal: rate(secrets.filter((j) => !j.r.placeholder)),
    providerFirm: rate(secrets.filter((j) => !j.r.placeholder && !j.r.filler)),
    aiReal: rate(pos.filter((j) => isAi(j.r.rule_hint) && !j.r.placeholder && !j.r.identifier)),
    aiFirm: rate(pos.filter((j) => isAi(j.r.rule_hint) && !j.r.placeholder && !j.r.filler && !j.r.identifier)),
    ruleFp: fpRate(list.filter((j) => j.r.label === 'negative' && j.r.scope !== 'document')),
    // The same negatives scored by provider family alone (any kind of the provider counts).
    ruleFamilyFp: rate(list.filter((j) => j.r.label === 'negative' && j.r.scope !== 'document').map((j) => ({ ok: !j.familyOk }))),
    docFp: fpRate(list.filter((j) => j.r.label === 'negative' && j.r.scope === 'document')),
  };
}

export function pct({ n, d }) {
  return d === 0 ? '  -   ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`;
}

/** Misses and false positives of a judged list, grouped by family, biggest group first. */
export function failures(list) {
  const missed = new Map();
  const fps = new Map();
  for (const j of list) {
    if (j.ok) continue;
    const fam = family(j.r.rule_hint);
    const bucket = j.r.label === 'positive' ? missed : fps;
    const items = bucket.get(fam) ?? [];
    items.push(j);
    bucket.set(fam, items);
  }
  const sorted = (m) => [...m.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  return { missed: sorted(missed), falsePositives: sorted(fps) };
}
