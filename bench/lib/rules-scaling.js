// Cost of more rules: the catalogue, then the catalogue twice over. Two ways of doubling:
//  - "new keywords": each copy gets its own keywords (a letter appended), as new providers bring
//    new prefixes: the prefilter grows, the regex work does not unless the new keywords hit;
//  - "same keywords": each copy shares its original's keywords: every keyword hit now runs two
//    regexes — the worst case.
// Scan time through the library API in a fresh process each run (lazy compiles included).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './measure.js';

function variant(rules, mode) {
  const copies = rules.map((r) => ({
    ...r,
    id: `${r.id}-copy`,
    keywords: mode === 'same' ? r.keywords : r.keywords.map((k) => `${k}q`),
  }));
  return [...rules, ...copies];
}

export function rulesSuite(ctx) {
  const dir = join(ctx.WORK, 'real');
  ctx.linkPackages(ctx.NM, ctx.REAL_PACKAGES, dir);
  const sets = [
    ['catalogue', ctx.rules],
    ['×2, new keywords', variant(ctx.rules, 'new')],
    ['×2, same keywords', variant(ctx.rules, 'same')],
  ];
  const rows = [];
  for (const [name, specs] of sets) {
    const file = join(ctx.WORK, `rules-${rows.length}.json`);
    writeFileSync(file, JSON.stringify(specs));
    ctx.log(`rules: ${name} (${specs.length} rules)`);
    const times = [];
    let last;
    for (let i = 0; i < ctx.RUNS; i++) {
      const r = spawnSync(process.execPath, [join(ctx.BENCH, 'lib', 'scan-with-rules.js'), file, dir, ctx.ROOT], { env: ctx.benchEnv(), encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`scan-with-rules failed: ${r.stderr}`);
      last = JSON.parse(r.stdout);
      times.push(last.ms);
    }
    rows.push({ name, rules: specs.length, ms: median(times), findings: last.findings, bytes: last.bytes });
  }
  const base = rows[0].ms;
  const lines = [
    `### Rule scaling on the real tree (${(rows[0].bytes / 1e6).toFixed(1)} MB, library API, median of ${ctx.RUNS})`,
    '',
    '| rules | count | scan time | ÷ catalogue | findings |',
    '|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.rules} | ${(r.ms / 1000).toFixed(2)} s | ${(r.ms / base).toFixed(2)}× | ${r.findings} |`),
    '',
    `- doubling the rules (new keywords) costs ${(((rows[1].ms / base) - 1) * 100).toFixed(0)}% (target ≤ 20%); same keywords (worst case) ${(((rows[2].ms / base) - 1) * 100).toFixed(0)}%`,
  ];
  ctx.log(`  ${lines[lines.length - 1]}`);
  return lines.join('\n');
}
