// One 1 GiB file: must be scanned in bounded memory (streamed in overlapping chunks), and the
// examples planted so that power-of-two offsets (where chunk edges fall) cut through them must
// all be found. Peak RSS is the number to watch.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { prng } from './prng.js';

const SIZE = 1024 ** 3;
const STEP = 4 * 1024 * 1024;

function fillerBlock(seed) {
  const rand = prng(seed);
  const lines = [];
  let bytes = 0;
  while (bytes < STEP) {
    const n = Math.floor(rand() * 1e9);
    const line = `  const item${n % 997} = transform(input[${n % 4096}], '${n.toString(36)}'); // token handling`;
    lines.push(line);
    bytes += line.length + 1;
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

export function bigFileSuite(ctx) {
  const file = join(ctx.WORK, 'big-1gib.txt');
  const examples = ctx.rules.flatMap((r) => (r.paths ? [] : r.examples.filter((e) => !e.includes('\n')).map((text) => ({ id: r.id, text }))));
  const block = fillerBlock(ctx.SEED);
  const fd = openSync(file, 'w');
  let written = 0;
  let line = 1;
  const planted = [];
  const write = (buf) => {
    writeSync(fd, buf);
    written += buf.length;
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) line++;
  };
  ctx.log('bigfile: writing 1 GiB…');
  for (let k = 1; written < SIZE; k++) {
    const ex = examples[k % examples.length];
    // The example line starts a few bytes before a 4 MiB multiple, so every power-of-two chunk
    // edge up to 4 MiB falls inside it.
    const at = k * STEP - (k * 7) % 24 - 1;
    const need = at - written;
    if (need > 1) write(Buffer.concat([block.subarray(0, need - 1), Buffer.from('\n')]));
    planted.push({ id: ex.id, line });
    write(Buffer.from(`${ex.text}\n`));
  }
  closeSync(fd);
  const out = join(ctx.WORK, 'out', 'leakproof-big.json');
  ctx.log('bigfile: scanning…');
  const r = ctx.runOnce(process.execPath, [ctx.LEAKPROOF, 'scan', file, '--max-file-size', '2GB', '-f', 'json', '-o', out], { cwd: ctx.BENCH, env: ctx.benchEnv() });
  let found = 0;
  let note = '';
  try {
    const findings = JSON.parse(readFileSync(out, 'utf8')).findings;
    const got = new Set(findings.map((f) => `${f.line}:${f.ruleId}`));
    found = planted.filter((p) => got.has(`${p.line}:${p.id}`)).length;
  } catch {
    note = ` (no report: exit ${r.status}: ${r.stderr.trim().split('\n')[0]})`;
  }
  const lines = [
    `### One 1 GiB file (${planted.length} examples planted across 4 MiB edges)`,
    '',
    `- wall ${(r.wallMs / 1000).toFixed(1)} s (${(SIZE / 1e6 / (r.wallMs / 1000)).toFixed(0)} MB/s), peak RSS ${r.rssMb?.toFixed(0) ?? '–'} MB, exit ${r.status}`,
    `- planted examples found: ${found}/${planted.length}${note}`,
  ];
  ctx.log(lines.slice(2).join('\n'));
  return lines.join('\n');
}
