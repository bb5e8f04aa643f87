#!/usr/bin/env node
// Which built-in rules the engine can confine to windows around keyword hits, and why not for
// the others. A rule runs on the whole buffer when its regex has an unbounded repeat of
// something other than a one-byte class (`.*`, `(?:ab)+`, `\w+` under `(?i)`), or when no keyword
// is provably inside every match (the keyword is context next to the token). Repeats like `\s*`
// are bounded per file by the file's longest whitespace run; they still widen every window and
// leave the huge-file chunk overlap at its floor, so `\s{0,5}` is better.
//
//   node bench/rule-shapes.js [--all]
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
