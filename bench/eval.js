#!/usr/bin/env node
// `npm run eval`: scores the default configuration on ../shared/corpus exactly as its README
// says: each record is written to its own file (named `path` when given, else input.txt) and
// the whole set is scanned by the built CLI in one run; a positive is found when a finding lies
// in its file (covering `expected_values` where given); a document-scope negative with any
// finding is a false positive; a rule-scope negative is one only when the finding's rule is of
// the same provider family as the record's `rule_hint`. Reported per file, per family and on
// the union de-duplicated by exact text. No corpus text is ever printed: misses are named by
// file and line number of the record.
//
//   node bench/eval.js [--corpus DIR] [--list] [--json OUT]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const corpusDir = resolve(root, opt('--corpus', '../shared/corpus'));
// Its own folder per run: several evals may run at once.
const work = mkdtempSync(join(tmpdir(), 'leakproof-eval-'));

// Families that are not one provider's format: the issue's "generic families".
const GENERIC = new Set([
  'generic', 'password', 'passwd', 'high', 'base64', 'hex', 'keyword', 'private', 'pem', 'rsa', 'ec', 'dsa',
  'ssh', 'openssh', 'pgp', 'pkcs', 'pkcs8', 'putty', 'jwt', 'json', 'uri', 'url', 'basic', 'http', 'https', 'ftp',
  'connection', 'jdbc', 'odbc', 'postgres', 'postgresql', 'mysql', 'mongodb', 'mongo', 'redis', 'amqp', 'contains',
  'credentials', 'credential', 'secret', 'token', 'api', 'apikey', 'authorization', 'bearer', 'username', 'user',
  'encrypted', 'unencrypted', 'netrc', 'htpasswd', 'kubernetes', 'k8s', 'docker', 'dockerconfig', 'np', 'kingfisher',
  'curl', 'sql', 'sqlserver', 'mssql', 'ldap', 'smtp', 'generic_api_key', 'private_key', 'artifact', 'cert', 'certificate',
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

function tokens(text) {
  return text.toLowerCase().replace(/([a-z])([A-Z])/g, '$1 $2').split(/[^a-z0-9]+/).filter(Boolean);
}
function family(name) {
  const ts = tokens(name).filter((t) => !['np', 'kingfisher', 'titus'].includes(t));
  const first = ts[0] ?? name.toLowerCase();
  return SYNONYMS[first] ?? first;
}
function isAi(hint) {
  return tokens(hint).some((t) => AI.has(t));
}

function loadCorpus() {
  const records = [];
  for (const file of readdirSync(corpusDir).filter((f) => f.endsWith('.jsonl')).sort()) {
    readFileSync(join(corpusDir, file), 'utf8').split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      records.push({ ...JSON.parse(line), file, lineNo: i + 1 });
    });
  }
  return records;
}

function writeRecords(records) {
  records.forEach((r, i) => {
    const rel = join(String(i), r.path && !r.path.startsWith('/') && !r.path.includes('..') ? r.path : 'input.txt');
    r.rel = rel.split('\\').join('/');
    mkdirSync(dirname(join(work, rel)), { recursive: true });
    writeFileSync(join(work, rel), r.text);
  });
}

function scanAll() {
  const started = Date.now();
  const res = spawnSync(process.execPath, [join(root, 'bin/leakproof.js'), 'scan', work, '--format', 'json', '--fail-on', 'never', '--show-secrets', '--max-file-size', '10MB'], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (res.status !== 0 && res.status !== 3) {
    console.error(`eval: scan failed (exit ${res.status}): ${(res.stderr ?? '').split('\n')[0]}`);
    process.exit(2);
  }
  const report = JSON.parse(res.stdout);
  return { report, ms: Date.now() - started };
}

function pct(n, d) {
  return d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`;
}

function main() {
  const records = loadCorpus();
  writeRecords(records);
  const { report, ms } = scanAll();
  const byFile = new Map();
  for (const f of report.findings) {
    const key = f.file.split('/')[0];
    const list = byFile.get(key) ?? [];
    list.push(f);
    byFile.set(key, list);
  }
  const judged = records.map((r, i) => {
    const findings = byFile.get(String(i)) ?? [];
    if (r.label === 'positive') {
      const expected = r.expected_values ?? [];
      const found = findings.length > 0 && expected.every((v) => findings.some((f) => (f.secret ?? '').includes(v) || v.includes(f.secret ?? '\0')));
      return { r, ok: found, findings };
    }
    const fam = family(r.rule_hint);
    const fp = r.scope === 'document' ? findings.length > 0 : findings.some((f) => family(f.ruleId) === fam);
    return { r, ok: !fp, findings };
  });

  const rows = [];
  const sources = [...new Set(records.map((r) => r.file))];
  const summarise = (label, list) => {
    const pos = list.filter((j) => j.r.label === 'positive');
    const prov = pos.filter((j) => !GENERIC.has(family(j.r.rule_hint)));
    const ai = pos.filter((j) => isAi(j.r.rule_hint));
    const ruleNeg = list.filter((j) => j.r.label === 'negative' && j.r.scope !== 'document');
    const docNeg = list.filter((j) => j.r.label === 'negative' && j.r.scope === 'document');
    rows.push({
      label,
      positives: pos.length,
      recall: pct(pos.filter((j) => j.ok).length, pos.length),
      providerRecall: pct(prov.filter((j) => j.ok).length, prov.length),
      aiRecall: pct(ai.filter((j) => j.ok).length, ai.length),
      ruleNeg: ruleNeg.length,
      ruleFp: pct(ruleNeg.filter((j) => !j.ok).length, ruleNeg.length),
      docNeg: docNeg.length,
      docFp: pct(docNeg.filter((j) => !j.ok).length, docNeg.length),
    });
  };
  for (const s of sources) summarise(s.replace('.jsonl', ''), judged.filter((j) => j.r.file === s));
  // Union: one record per exact text and label (the three Nosey Parker lineage files overlap).
  const seen = new Map();
  for (const j of judged) {
    const key = `${j.r.label}\0${j.r.scope ?? ''}\0${j.r.text}`;
    const prev = seen.get(key);
    if (!prev || (!prev.ok && j.ok && j.r.label === 'positive')) seen.set(key, j);
  }
  const union = [...seen.values()];
  summarise('UNION (dedup)', union);

  console.log(`leakproof eval — ${records.length} records, scanned in ${ms} ms (${report.summary.files} files)`);
  console.log('source          positives  recall  provider   AI     | rule-neg  same-family FP | doc-neg  any FP');
  for (const r of rows) {
    console.log(
      `${r.label.padEnd(16)}${String(r.positives).padStart(8)}  ${r.recall}  ${r.providerRecall}  ${r.aiRecall} | ${String(r.ruleNeg).padStart(7)}  ${r.ruleFp.padStart(14)} | ${String(r.docNeg).padStart(7)}  ${r.docFp}`,
    );
  }

  const missed = new Map();
  const fps = new Map();
  for (const j of union) {
    const fam = family(j.r.rule_hint);
    const bucket = j.r.label === 'positive' ? missed : fps;
    if (j.ok) continue;
    const list = bucket.get(fam) ?? [];
    list.push(`${j.r.file}:${j.r.lineNo}${j.r.label === 'negative' ? ` (${[...new Set(j.findings.map((f) => f.ruleId))].join(',')})` : ''}`);
    bucket.set(fam, list);
  }
  const top = (m) => [...m.entries()].sort((a, b) => b[1].length - a[1].length);
  console.log(`\nmissed positives by family (union): ${top(missed).slice(0, 40).map(([f, l]) => `${f} ${l.length}`).join(', ')}`);
  console.log(`false positives by family (union): ${top(fps).slice(0, 40).map(([f, l]) => `${f} ${l.length}`).join(', ') || 'none'}`);
  if (args.includes('--list')) {
    console.log('\nmisses (corpus file:line):');
    for (const [f, l] of top(missed)) console.log(`  ${f}: ${l.join(' ')}`);
    console.log('\nfalse positives (corpus file:line (our rules)):');
    for (const [f, l] of top(fps)) console.log(`  ${f}: ${l.join(' ')}`);
  }
  const out = opt('--json', undefined);
  if (out) writeFileSync(out, `${JSON.stringify({ rows, missed: Object.fromEntries(missed), falsePositives: Object.fromEntries(fps) }, null, 2)}\n`);
  rmSync(work, { recursive: true, force: true });
}

main();
