// History: a generated repository with 5,000 commits (git fast-import, seeded). Each commit
// edits two of 500 files, so distinct blobs ≈ 2 × commits while commits × files = 2.5 M: a
// scanner that deduplicates blobs scans ~10 K blobs, one that walks every tree scans millions.
// The floor is `git log -p --all | rg -i -F -f keywords`. leakproof's row needs `scan --git`
// (being built); until the CLI has it the suite says so.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { prng } from './prng.js';

const COMMITS = 5000;
const FILES = 500;

function buildRepo(dir, seed, rules) {
  const rand = prng(seed);
  const examples = rules.flatMap((r) => (r.paths ? [] : r.examples.filter((e) => !e.includes('\n'))));
  const files = [];
  for (let f = 0; f < FILES; f++) {
    const lines = [];
    for (let i = 0; i < 60; i++) lines.push(`export const v${f}_${i} = fn(${Math.floor(rand() * 1e6)}); // key handling ${i}`);
    files.push(lines);
  }
  const chunks = [];
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  let planted = 0;
  for (let c = 1; c <= COMMITS; c++) {
    chunks.push(`commit refs/heads/main\nmark :${c}\ncommitter Bench <bench@example.invalid> ${1_700_000_000 + c * 60} +0000\n${data(`change ${c}`)}`);
    if (c > 1) chunks.push(`from :${c - 1}\n`);
    const touched = c === 1 ? files.map((_, i) => i) : [Math.floor(rand() * FILES), Math.floor(rand() * FILES)];
    for (const f of touched) {
      const lines = files[f];
      if (c > 1) lines[Math.floor(rand() * lines.length)] = `export const edit${c} = fn(${Math.floor(rand() * 1e6)});`;
      // Every 100th commit adds an example secret (a later edit may overwrite it, as in life).
      if (c % 100 === 0 && f === touched[0]) {
        lines[Math.floor(rand() * lines.length)] = examples[(c / 100) % examples.length];
        planted++;
      }
      chunks.push(`M 100644 inline src/f${f}.ts\n${data(`${lines.join('\n')}\n`)}`);
    }
  }
  const r = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: chunks.join('') });
  if (r.status !== 0) throw new Error(`git fast-import failed: ${r.stderr}`);
  spawnSync('git', ['checkout', '-q', 'main'], { cwd: dir });
  return planted;
}

export function historySuite(ctx) {
  const dir = join(ctx.WORK, 'history');
  if (!existsSync(join(dir, '.git'))) {
    ctx.fresh(dir);
    spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    ctx.log('history: generating 5,000 commits…');
    buildRepo(dir, ctx.SEED, ctx.rules);
  }
  const blobs = spawnSync('sh', ['-c', "git cat-file --batch-all-objects --batch-check='%(objecttype)' | grep -c blob"], { cwd: dir, encoding: 'utf8' }).stdout.trim();
  // rg when installed; grep otherwise (slower, so the ratio flatters leakproof: the row says which).
  const hasRg = spawnSync('sh', ['-c', 'command -v rg']).status === 0;
  const search = hasRg ? 'rg' : 'grep';
  const floor = ctx.runMedian('sh', ['-c', `git log -p --all | ${search} -i -F -f '${ctx.kwFile}' -c`], { cwd: dir, env: ctx.benchEnv() }, ctx.RUNS, 1);
  const help = spawnSync(process.execPath, [ctx.LEAKPROOF, 'scan', '--help'], { encoding: 'utf8', env: ctx.benchEnv() }).stdout;
  const lines = [
    `### History: ${COMMITS} commits, ${FILES} files, ${blobs} distinct blobs`,
    '',
    '| command | wall (median) | commits/s | peak RSS |',
    '|---|---:|---:|---:|',
    `| git log -p --all \\| ${search} -i -F -f keywords | ${(floor.wallMs / 1000).toFixed(2)} s | ${Math.round(COMMITS / (floor.wallMs / 1000))} | ${floor.rssMb?.toFixed(0) ?? '–'} MB |`,
  ];
  if (help.includes('--git')) {
    const r = ctx.runMedian(process.execPath, [ctx.LEAKPROOF, 'scan', '--git', '-f', 'json', '-o', join(ctx.WORK, 'out', 'leakproof-history.json')], { cwd: dir, env: ctx.benchEnv() }, ctx.RUNS, 0);
    lines.push(`| leakproof scan --git | ${(r.wallMs / 1000).toFixed(2)} s | ${Math.round(COMMITS / (r.wallMs / 1000))} | ${r.rssMb?.toFixed(0) ?? '–'} MB |`);
    lines.push('', `- leakproof ÷ git log -p | ${search} = ${(r.wallMs / floor.wallMs).toFixed(2)}× (exit ${r.status})`);
  } else {
    lines.push('', '- leakproof: `scan --git` does not exist yet (another developer is building it); re-run `npm run bench -- --only history` when it lands.');
  }
  ctx.log(lines.slice(4).join('\n'));
  return lines.join('\n');
}
