#!/usr/bin/env node
// `npm run eval`: scores the default configuration on ../shared/corpus exactly as its README
// says: each record is written to its own file (named `path` when given, else input.txt) and
// the whole set is scanned in one run; a positive is found when a finding lies in its file
// (covering `expected_values` where given); a document-scope negative with any finding is a
// false positive; a rule-scope negative is one only when the finding's rule is of the same
// provider family as the record's `rule_hint` and the same token kind (eval-lib.js tokenKind: a
// Slack bot token on a negative of the user-token rule is not that rule firing, as the corpus
// README says); the family-only rate is reported beside it. Reported per file, per family and on the union
// de-duplicated by exact text, raw, without placeholder stand-ins (`xxxx`, `EXAMPLE`: never
// reported, by design) and identifier positives (domains, URLs, user names) — `real` — and also
// without typed filler (`0123456789`, repeated units; provider rules report it at low) — `firm`.
//
// --real DIR also scans a real-code tree (default bench/node_modules) and lists every finding
// by file:line, rule and redacted preview; --tools runs other scanners on the same records and
// tree and prints the side-by-side table. No corpus text or secret is ever printed: misses are
// named by corpus file and line number.
//
//   node bench/eval.js [--corpus DIR] [--list] [--json OUT] [--config FILE]
//                      [--real [DIR]] [--no-corpus] [--tools leakproof,secretlint,gitleaks]
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { dedupe, failures, judge, loadCorpus, pct, summarise, writeRecords } from './eval-lib.js';
import { realReport, realTree } from './eval-real.js';
import { TOOLS } from './eval-tools.js';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const has = (name) => args.includes(name);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  const v = i === -1 ? undefined : args[i + 1];
  return v === undefined || v.startsWith('--') ? fallback : v;
};
const corpusDir = resolve(root, opt('--corpus', '../shared/corpus'));
const realDir = has('--real') ? resolve(root, opt('--real', 'bench/node_modules')) : undefined;
const toolNames = opt('--tools', 'leakproof').split(',');
const list = has('--list');
// --config FILE: score a candidate configuration (e.g. a proposed rule) instead of the default.
const leakproofConfig = opt('--config', undefined) && resolve(opt('--config', undefined));

function log(line = '') {
  process.stdout.write(`${line}\n`);
}

function corpusEval(work, tools) {
  const records = loadCorpus(corpusDir);
  const dir = join(work, 'corpus');
  mkdirSync(dir);
  writeRecords(records, dir);
  const results = {};
  for (const name of tools) {
    const run = TOOLS[name].run(dir, join(work, 'out'), { config: leakproofConfig });
    const judged = judge(records, run.findings);
    results[name] = { run, judged, union: dedupe(judged) };
  }
  return { records, results };
}

const HEAD = 'positives  recall  provider  prov-real  prov-firm  AI     AI-real  AI-firm | rule-neg  same-kind FP  family FP | doc-neg  any FP';
function row(label, s) {
  return `${label.padEnd(18)}${String(s.positives).padStart(7)}  ${pct(s.recall)}  ${pct(s.provider)}  ${pct(s.providerReal)}  ${pct(s.providerFirm).padStart(9)}  ${pct(s.ai)}  ${pct(s.aiReal)}  ${pct(s.aiFirm)} | ${String(s.ruleFp.d).padStart(7)}  ${pct(s.ruleFp).padStart(12)}  ${pct(s.ruleFamilyFp).padStart(9)} | ${String(s.docFp.d).padStart(7)}  ${pct(s.docFp)}`;
}

function printCorpus({ records, results }) {
  const sources = [...new Set(records.map((r) => r.file))];
  for (const [name, { run, judged, union }] of Object.entries(results)) {
    log(`\n${name} — ${records.length} records, scanned in ${Math.round(run.wallMs)} ms`);
    log(`source            ${HEAD}`);
    for (const s of sources) log(row(s.replace('.jsonl', ''), summarise(judged.filter((j) => j.r.file === s))));
    log(row('UNION (dedup)', summarise(union)));
    const { missed, falsePositives } = failures(union);
    const missedPos = union.filter((j) => j.r.label === 'positive' && !j.ok);
    const placeholder = missedPos.filter((j) => j.r.placeholder).length;
    const filler = missedPos.filter((j) => j.r.filler).length;
    log(`missed positives by family (union; ${placeholder} of them stand-ins, ${filler} typed filler): ${missed.slice(0, 40).map(([f, l]) => `${f} ${l.length}`).join(', ')}`);
    log(`false positives by family (union): ${falsePositives.slice(0, 40).map(([f, l]) => `${f} ${l.length}`).join(', ') || 'none'}`);
    if (list && name === toolNames[0]) {
      const ref = (j) => `${j.r.file}:${j.r.lineNo}${j.r.placeholder ? '(ph)' : ''}${j.r.filler ? '(fill)' : ''}${j.r.identifier ? '(id)' : ''}`;
      log('\nmisses (corpus file:line; (ph) placeholder stand-in, never reported; (fill) typed filler, reported at low by provider rules only; (id) identifier, not a credential):');
      for (const [f, l] of missed) log(`  ${f}: ${l.map(ref).join(' ')}`);
      log('\nfalse positives (corpus file:line (rules that fired)):');
      const fired = (j) => `${ref(j)} (${[...new Set(j.findings.map((x) => x.ruleId))].join(',')})`;
      for (const [f, l] of falsePositives) log(`  ${f}: ${l.map(fired).join(' ')}`);
      const otherKind = union.filter((j) => j.ok && j.familyOk === false);
      log('\nrule-scope negatives where another token kind of the same provider fired (not counted; in the family FP column):');
      log(`  ${otherKind.map((j) => `${fired(j)} [${j.r.rule_hint}]`).join(' ') || 'none'}`);
    }
  }
}

function comparison(corpus, real) {
  const lines = ['\n| tool | recall (all) | provider | provider credentials, no stand-ins | … nor typed filler | AI | AI, no stand-ins | … nor typed filler | rule-neg same-kind FP | same-family FP | doc-neg FP | corpus wall | real-code findings | per MB | real-code wall |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|'];
  for (const name of toolNames) {
    const c = corpus?.results[name];
    const s = c ? summarise(c.union) : undefined;
    const r = real?.find((x) => x.tool === name);
    const cell = (v) => (v ? pct(v).trim() : '–');
    lines.push(
      `| ${name} ${TOOLS[name].version()} | ${cell(s?.recall)} | ${cell(s?.provider)} | ${cell(s?.providerReal)} | ${cell(s?.providerFirm)} | ${cell(s?.ai)} | ${cell(s?.aiReal)} | ${cell(s?.aiFirm)} | ${cell(s?.ruleFp)} | ${cell(s?.ruleFamilyFp)} | ${s ? (s.docFp.d === 0 ? 'n/a (0 records)' : pct(s.docFp).trim()) : '–'} | ${c ? `${(c.run.wallMs / 1000).toFixed(1)} s` : '–'} | ${r ? r.findings : '–'} | ${r ? r.perMb.toFixed(3) : '–'} | ${r ? `${(r.wallMs / 1000).toFixed(1)} s` : '–'} |`,
    );
  }
  return lines;
}

function main() {
  for (const name of toolNames) {
    if (!TOOLS[name]) throw new Error(`eval: unknown tool ${name} (known: ${Object.keys(TOOLS).join(', ')})`);
    if (!TOOLS[name].available()) throw new Error(`eval: ${name} is not installed (npm run build; npm ci --prefix bench)`);
  }
  // Its own folder per run: several evals may run at once.
  const work = mkdtempSync(join(tmpdir(), 'leakproof-eval-'));
  mkdirSync(join(work, 'out'));
  try {
    const corpus = has('--no-corpus') ? undefined : corpusEval(work, toolNames);
    if (corpus) printCorpus(corpus);
    let real;
    if (realDir) {
      const tree = realTree(realDir, work);
      log(`\nreal code: ${realDir} — ${tree.files} files, ${(tree.bytes / 1024 / 1024).toFixed(1)} MB`);
      real = [];
      for (const name of toolNames) {
        const result = TOOLS[name].run(tree.dir, join(work, 'out'), { config: leakproofConfig });
        const { row: r, lines } = realReport(tree, name, result, { list });
        real.push(r);
        for (const l of lines) log(l);
        log(`${name}: ${r.findings} findings / ${r.mb.toFixed(1)} MB = ${r.perMb.toFixed(3)} per MB in ${(r.wallMs / 1000).toFixed(1)} s`);
      }
    }
    if (toolNames.length > 1 || realDir) {
      log(`\n${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
      for (const l of comparison(corpus, real)) log(l);
    }
    const out = opt('--json', undefined);
    if (out) {
      const summary = Object.fromEntries(Object.entries(corpus?.results ?? {}).map(([n, c]) => {
        const { missed, falsePositives } = failures(c.union);
        const refs = (entries) => Object.fromEntries(entries.map(([f, l]) => [f, l.map((j) => `${j.r.file}:${j.r.lineNo}`)]));
        return [n, { union: summarise(c.union), missed: refs(missed), falsePositives: refs(falsePositives) }];
      }));
      writeFileSync(out, `${JSON.stringify({ corpus: summary, real }, null, 2)}\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
