// Running a command and measuring wall time (hrtime around the spawn), peak RSS (GNU time's
// %M, which covers the process and every thread; worker_threads share the process) and CPU
// time (%U + %S: less sensitive than wall time to other work on a shared machine).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const HAS_GNU_TIME = existsSync('/usr/bin/time');

/** The environment every timed Node command runs with. */
export function benchEnv(extra = {}) {
  const env = { ...process.env, CI: '1', NO_COLOR: '1', ...extra };
  // Adds ~70 ms to every Node start here; real developer machines do not set it.
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/**
 * Runs `cmd args` once with stdin read from `inFile` and stdout sent to `outFile` (never to the
 * terminal: some tools print matched lines) and returns { wallMs, rssMb, cpuMs, status, stderr }.
 */
export function runOnce(cmd, args, { cwd, inFile, outFile, env = benchEnv(), timeoutMs = 60 * 60 * 1000 } = {}) {
  const timeFile = join(cwd ?? process.cwd(), `.time-${process.pid}`);
  const out = openSync(outFile ?? '/dev/null', 'w');
  const input = inFile === undefined ? 'ignore' : openSync(inFile, 'r');
  const argv = HAS_GNU_TIME ? ['-f', '%M %U %S', '-o', timeFile, cmd, ...args] : args;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(HAS_GNU_TIME ? '/usr/bin/time' : cmd, argv, {
    cwd,
    env,
    stdio: [input, out, 'pipe'],
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  closeSync(out);
  if (typeof input === 'number') closeSync(input);
  let rssMb;
  let cpuMs;
  if (HAS_GNU_TIME && existsSync(timeFile)) {
    const [kb, user, sys] = (readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
    rssMb = Number.isFinite(kb) ? kb / 1024 : undefined;
    cpuMs = Number.isFinite(user) && Number.isFinite(sys) ? (user + sys) * 1000 : undefined;
    rmSync(timeFile, { force: true });
  }
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  return { wallMs, rssMb, cpuMs, status: r.status, stderr: r.stderr.toString('utf8') };
}

/** Median of `runs` runs (plus `warmup` untimed ones); rss is the largest seen. */
export function runMedian(cmd, args, opts = {}, runs = 3, warmup = 0) {
  for (let i = 0; i < warmup; i++) runOnce(cmd, args, opts);
  const all = [];
  for (let i = 0; i < runs; i++) all.push(runOnce(cmd, args, opts));
  const walls = all.map((r) => r.wallMs).sort((a, b) => a - b);
  const rss = all.map((r) => r.rssMb ?? 0);
  const last = all[all.length - 1];
  return { wallMs: median(walls), minMs: walls[0], runs, rssMb: Math.max(...rss), status: last.status, stderr: last.stderr };
}

export function median(sorted) {
  const s = [...sorted].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}
