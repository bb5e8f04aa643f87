// The pre-commit path: 10 files of ~100 lines. Uses `scan --staged` in a throwaway repository
// when the CLI has it, `scan <10 files>` otherwise, and compares with `node -e 0` run the same
// way (hyperfine, NODE_EXTRA_CA_CERTS unset: it adds ~70 ms to any Node start here).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prng } from './corpus.js';

function files(dir, seed) {
  const rand = prng(seed);
  const names = [];
  for (let f = 0; f < 10; f++) {
    const lines = [];
    for (let i = 0; i < 100; i++) {
      const n = Math.floor(rand() * 1e6);
      lines.push(`export const value${f}_${i} = compute(${n}, 'item-${n.toString(36)}'); // step ${i}`);
    }
    const name = `src-${f}.ts`;
    writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
    names.push(name);
  }
  return names;
}

function helpOf(ctx) {
  const r = spawnSync(process.execPath, [ctx.LEAKPROOF, 'scan', '--help'], { encoding: 'utf8', env: ctx.benchEnv() });
  return r.stdout;
}

export function hookSuite(ctx) {
  const dir = join(ctx.WORK, 'hook');
  ctx.fresh(dir);
  const names = files(dir, ctx.SEED);
  const git = (...a) => spawnSync('git', a, { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  git('add', '.');
  const staged = helpOf(ctx).includes('--staged');
  const leakArgs = staged ? ['scan', '--staged'] : ['scan', ...names];
  const cases = [
    ['node -e 0', [process.execPath, '-e', '0']],
    [`leakproof ${staged ? 'scan --staged' : 'scan <10 files>'}`, [process.execPath, ctx.LEAKPROOF, ...leakArgs]],
    ['unbundled dist/cli/main.js (same args)', [process.execPath, join(ctx.ROOT, 'dist', 'cli', 'main.js'), ...leakArgs]],
  ];
  const rows = [];
  const hasHyperfine = spawnSync('sh', ['-c', 'command -v hyperfine']).status === 0;
  for (const [name, argv] of cases) {
    ctx.log(`hook: ${name}`);
    if (hasHyperfine) {
      const json = join(ctx.WORK, 'out', 'hyperfine.json');
      const cmd = argv.map((a) => (/[\s'"]/.test(a) ? `'${a}'` : a)).join(' ');
      const r = spawnSync('hyperfine', ['-N', '--warmup', '5', '--runs', String(ctx.QUICK ? 20 : 40), '-i', '--export-json', json, cmd], {
        cwd: dir,
        env: ctx.benchEnv(),
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`hyperfine failed: ${r.stderr}`);
      const res = JSON.parse(readFileSync(json, 'utf8')).results[0];
      rows.push({ name, median: res.median * 1000, min: res.min * 1000, exit: res.exit_codes?.[0] });
    } else {
      const r = ctx.runMedian(argv[0], argv.slice(1), { cwd: dir, env: ctx.benchEnv() }, 20, 3);
      rows.push({ name, median: r.wallMs, min: r.minMs, exit: r.status });
    }
  }
  const rss = ctx.runOnce(process.execPath, [ctx.LEAKPROOF, ...leakArgs], { cwd: dir, env: ctx.benchEnv() }).rssMb;
  const base = rows[0].median;
  const lines = [
    `### Pre-commit path: 10 files × 100 lines (${staged ? 'scan --staged' : '`--staged` not available yet: scan <10 files>'})`,
    '',
    '| command | median | min | ÷ node -e 0 | exit |',
    '|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.median.toFixed(1)} ms | ${r.min.toFixed(1)} ms | ${(r.median / base).toFixed(2)}× | ${r.exit ?? '–'} |`),
    '',
    `- leakproof ÷ node -e 0 = ${(rows[1].median / base).toFixed(2)}× (target ≤ 1.5×); peak RSS ${rss?.toFixed(0) ?? '–'} MB`,
  ];
  ctx.log(`  ${lines[lines.length - 1]}`);
  return lines.join('\n');
}
