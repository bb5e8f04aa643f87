// The start-up-bound paths, next to `node -e 0` in one hyperfine run (NODE_EXTRA_CA_CERTS unset:
// it adds ~70 ms to any Node start here):
// - the pre-commit hook: `scan --staged` in a throwaway repository with 10 files of ~100 lines
//   staged (`scan <10 files>` when the CLI has no --staged);
// - the agent hook (`agent hook claude …`, one JSON payload on stdin): an ordinary Bash
//   PreToolUse, a Write of a fake AWS key id (refused), and a prose prompt that says "token",
//   "key" and "password" (let through).
// Commands run through hyperfine's shell (stdin redirects), whose own start it subtracts.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prng } from './prng.js';

export function files(dir, seed) {
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

/** A fake AWS access key id, built here so no file holds one. */
function fakeKeyId(seed) {
  const rand = prng(seed);
  const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let body = '';
  for (let i = 0; i < 16; i++) body += base32[Math.floor(rand() * 32)];
  return `AKIA${body}`;
}

/** Claude Code payloads (docs/agents.md), each with the verdict the run must give. */
export function agentPayloads(out, dir, seed) {
  const common = { session_id: '0d3c5f0e-7a4e-4c55-9a34-2b8f0e0f3a11', transcript_path: join(out, 'transcript.jsonl'), cwd: dir };
  const payloads = [
    {
      name: 'agent hook: Bash PreToolUse',
      event: 'PreToolUse',
      refused: false,
      body: { ...common, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'npm test -- --reporter=dot && git status --short', description: 'Run the tests' } },
    },
    {
      name: 'agent hook: Write of a key (refused)',
      event: 'PreToolUse',
      refused: true,
      body: {
        ...common,
        hook_event_name: 'PreToolUse',
        tool_name: 'Write',
        tool_input: { file_path: join(dir, 'src', 'aws.ts'), content: `export const awsConfig = {\n  region: 'eu-west-1',\n  accessKeyId: '${fakeKeyId(seed)}',\n};\n` },
      },
    },
    {
      name: 'agent hook: prose prompt',
      event: 'UserPromptSubmit',
      refused: false,
      body: {
        ...common,
        hook_event_name: 'UserPromptSubmit',
        prompt: 'The token refresh fails in staging: the key rotation job logs that the password field is empty. Can you find where the config is read and add a clear error message?',
      },
    },
  ];
  return payloads.map((p, i) => {
    const file = join(out, `payload-${i}.json`);
    writeFileSync(file, JSON.stringify(p.body));
    return { ...p, file };
  });
}

function helpOf(ctx) {
  const r = spawnSync(process.execPath, [ctx.LEAKPROOF, 'scan', '--help'], { encoding: 'utf8', env: ctx.benchEnv() });
  return r.stdout;
}

const quote = (a) => (/[\s'"<>|&;()$]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a);

export function hookSuite(ctx) {
  const dir = join(ctx.WORK, 'hook');
  ctx.fresh(dir);
  const names = files(dir, ctx.SEED);
  const git = (...a) => spawnSync('git', a, { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  git('add', '.');
  const staged = helpOf(ctx).includes('--staged');
  const leakArgs = staged ? ['scan', '--staged'] : ['scan', ...names];
  const node = process.execPath;
  const cases = [
    { name: 'node -e 0', cmd: `${quote(node)} -e 0` },
    { name: `leakproof ${staged ? 'scan --staged' : 'scan <10 files>'}`, cmd: [node, ctx.LEAKPROOF, ...leakArgs].map(quote).join(' ') },
    { name: 'unbundled dist/cli/main.js (same args)', cmd: [node, join(ctx.ROOT, 'dist', 'cli', 'main.js'), ...leakArgs].map(quote).join(' ') },
  ];
  const payloadDir = join(ctx.WORK, 'agent-payloads');
  ctx.fresh(payloadDir);
  // The agent works in the same repository: a refused Write asks git whether the file is ignored.
  const agent = agentPayloads(payloadDir, dir, ctx.SEED);
  for (const p of agent) {
    const argv = [node, ctx.LEAKPROOF, 'agent', 'hook', 'claude', p.event];
    // Measure what the name says: a refusal must refuse, the others must let through.
    const r = spawnSync(argv[0], argv.slice(1), { cwd: dir, env: ctx.benchEnv(), input: readFileSync(p.file), encoding: 'utf8' });
    const refused = r.stdout.includes('"deny"') || r.stdout.includes('"block"');
    if (r.status !== 0 || refused !== p.refused) throw new Error(`${p.name}: unexpected answer (exit ${r.status}, refused ${refused}): ${r.stderr.split('\n')[0]}`);
    cases.push({ name: p.name, cmd: `${argv.map(quote).join(' ')} < ${quote(p.file)}` });
  }
  const rows = [];
  const hasHyperfine = spawnSync('sh', ['-c', 'command -v hyperfine']).status === 0;
  if (hasHyperfine) {
    ctx.log(`hook: ${cases.length} commands in one hyperfine run`);
    const json = join(ctx.WORK, 'out', 'hyperfine.json');
    const r = spawnSync('hyperfine', ['--warmup', '5', '--runs', String(ctx.QUICK ? 20 : 40), '-i', '--export-json', json, ...cases.map((c) => c.cmd)], {
      cwd: dir,
      env: ctx.benchEnv(),
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`hyperfine failed: ${r.stderr}`);
    const results = JSON.parse(readFileSync(json, 'utf8')).results;
    cases.forEach((c, i) => rows.push({ name: c.name, median: results[i].median * 1000, min: results[i].min * 1000, exit: results[i].exit_codes?.[0] }));
  } else {
    for (const c of cases) {
      ctx.log(`hook: ${c.name}`);
      const r = ctx.runMedian('sh', ['-c', c.cmd], { cwd: dir, env: ctx.benchEnv() }, 20, 3);
      rows.push({ name: c.name, median: r.wallMs, min: r.minMs, exit: r.status });
    }
  }
  // hyperfine runs each command's runs back to back; on a shared machine the load moves in
  // between. Round-robin runs give every command the same conditions: their medians are the
  // ratios to trust when the two disagree.
  const rounds = ctx.QUICK ? 20 : 40;
  const laps = cases.map(() => []);
  for (let round = 0; round < rounds + 3; round++) {
    cases.forEach((c, i) => {
      const t0 = process.hrtime.bigint();
      spawnSync('sh', ['-c', `${c.cmd} > /dev/null 2>&1`], { cwd: dir, env: ctx.benchEnv() });
      if (round >= 3) laps[i].push(Number(process.hrtime.bigint() - t0) / 1e6);
    });
  }
  const medianOf = (a) => {
    const s = [...a].sort((x, y) => x - y);
    return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  rows.forEach((r, i) => (r.interleaved = medianOf(laps[i])));
  const rss = ctx.runOnce(node, [ctx.LEAKPROOF, ...leakArgs], { cwd: dir, env: ctx.benchEnv() }).rssMb;
  const base = rows[0].median;
  const ratio = (r) => `${(r.median / base).toFixed(2)}×`;
  const shared = (r) => `${(r.interleaved / rows[0].interleaved).toFixed(2)}×`;
  const worstAgent = rows.slice(3).reduce((a, b) => (b.interleaved > a.interleaved ? b : a));
  const lines = [
    `### Start-up paths: pre-commit (10 files × 100 lines, ${staged ? 'scan --staged' : '`--staged` not available yet: scan <10 files>'}) and agent hook`,
    '',
    `| command | median | min | ÷ node -e 0 | round-robin median (${rounds} rounds, with sh) | ÷ node -e 0 | exit |`,
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.median.toFixed(1)} ms | ${r.min.toFixed(1)} ms | ${ratio(r)} | ${r.interleaved.toFixed(1)} ms | ${shared(r)} | ${r.exit ?? '–'} |`),
    '',
    `- pre-commit: leakproof ÷ node -e 0 = ${ratio(rows[1])} hyperfine, ${shared(rows[1])} round-robin (target ≤ 1.5×); peak RSS ${rss?.toFixed(0) ?? '–'} MB`,
    `- agent hook: slowest case ÷ node -e 0 = ${shared(worstAgent)} round-robin (${worstAgent.name}; target ≤ 1.5×)`,
  ];
  ctx.log(`  ${lines[lines.length - 2]}`);
  ctx.log(`  ${lines[lines.length - 1]}`);
  return lines.join('\n');
}
