#!/usr/bin/env node
// Which built-in rules the engine can confine to windows around keyword hits, and why not for
// the others. A rule runs on the whole buffer when its regex has an unbounded repeat of
// something other than a one-byte class (`.*`, `(?:ab)+`, `\w+` under `(?i)`), or when no keyword
// is provably inside every match (the keyword is context next to the token). Repeats like `\s*`
// are bounded per file by the file's longest whitespace run; they still widen every window and
// leave the huge-file chunk overlap at its floor, so `\s{0,5}` is better.
//
// With `--on FILE`, what the planner actually did on FILE's 1 MiB windows (JSON Lines matched
// on their unescaped view, as `redact` does): per rule, the bytes its regex ran over whole and
// in windows, and how many buffers the RE2.Set pre-check spared it. Rules that run whole on
// keyword-dense text (agent transcripts) show up there even when their shape allows windows.
//
//   node bench/rule-shapes.js [--all] [--on FILE]
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { matchLengthBound, maxMatchLength } = await import(join(root, 'dist', 'engine', 'match-length.js'));
const { matchesContainKeyword } = await import(join(root, 'dist', 'engine', 'keyword-inside.js'));
const rules = JSON.parse(readFileSync(join(root, 'dist', 'rules.json'), 'utf8'));
const rows = rules.map((r) => {
  const span = maxMatchLength(r.regex);
  const bound = matchLengthBound(r.regex);
  const inside = matchesContainKeyword(r.regex, r.keywords);
  const why = [bound ? '' : 'unbounded repeat', inside ? '' : 'keyword not inside every match'].filter(Boolean).join(', ');
  const runs = bound && bound.runs.length > 0 ? ` + ${bound.runs.length} run(s) like \\s* (bounded per file)` : '';
  return { id: r.id, source: r.source, span: Number.isFinite(span) ? `±${span} bytes` : `±${bound?.fixed ?? '?'} bytes${runs}`, why };
});
const whole = rows.filter((r) => r.why);
process.stdout.write(`${rows.length - whole.length}/${rows.length} rules run on windows around keyword hits; ${whole.length} on the whole file:\n`);
for (const r of process.argv.includes('--all') ? rows : whole) {
  process.stdout.write(`  ${r.id.padEnd(44)} ${r.why || `window ${r.span}`}  (${r.source})\n`);
}

const on = process.argv.indexOf('--on');
if (on !== -1 && process.argv[on + 1]) {
  const { buildRuleset } = await import(join(root, 'dist', 'rules', 'compile.js'));
  const { planMatches } = await import(join(root, 'dist', 'engine', 'windows.js'));
  const { unescapeView } = await import(join(root, 'dist', 'redact', 'json-escapes.js'));
  const ruleset = buildRuleset(rules.filter((r) => r.paths === undefined));
  const data = readFileSync(process.argv[on + 1]);
  const tally = new Map();
  let buffers = 0;
  for (let at = 0; at < data.length; at += 1024 * 1024) {
    const raw = data.subarray(at, Math.min(data.length, at + 1024 * 1024));
    const bytes = unescapeView(raw)?.bytes ?? raw;
    buffers++;
    for (const { rule, regions } of planMatches(ruleset, bytes, { windowAfterBytes: 0 })) {
      const t = tally.get(rule) ?? { whole: 0, windowed: 0, calls: 0, buffers: 0 };
      const covered = regions.reduce((sum, [a, b]) => sum + b - a, 0);
      if (regions.length === 1 && covered === bytes.length) t.whole += covered;
      else t.windowed += covered;
      t.calls += regions.length;
      t.buffers++;
      tally.set(rule, t);
    }
  }
  const mb = (n) => (n / 1e6).toFixed(1).padStart(6);
  const ranked = [...tally].sort((a, b) => b[1].whole + b[1].windowed - (a[1].whole + a[1].windowed));
  process.stdout.write(`\nOn ${process.argv[on + 1]} (${buffers} buffers, ${mb(data.length)} MB): MB run whole, MB in windows, regex calls, buffers run in\n`);
  for (const [rule, t] of ranked.slice(0, process.argv.includes('--all') ? ranked.length : 25)) {
    process.stdout.write(`  ${ruleset.rules[rule].spec.id.padEnd(44)} ${mb(t.whole)} ${mb(t.windowed)} ${String(t.calls).padStart(7)} ${String(t.buffers).padStart(5)}\n`);
  }
}
