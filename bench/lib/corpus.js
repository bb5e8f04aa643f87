// Seeded synthetic corpus: code-like text with fake secrets planted at known places.
//
// The planted secrets are the catalogue's own positive examples (dist/rules.json), read at run
// time — fake by construction and checked by `leakproof rules check` — so no secret is pasted
// into this repository. Every byte depends only on the seed and the catalogue, so two runs on
// the same commit scan identical data.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { prng } from './prng.js';

// Words that ordinary code uses, including the ones secret rules key on ("key", "token",
// "secret", "aws"), so the keyword prefilter sees realistic hit rates rather than none.
const WORDS = [
  'const', 'let', 'return', 'function', 'value', 'result', 'options', 'config', 'request', 'response',
  'user', 'id', 'name', 'data', 'items', 'index', 'error', 'message', 'buffer', 'length', 'callback',
  'promise', 'resolve', 'reject', 'handler', 'event', 'state', 'props', 'context', 'client', 'server',
  'token', 'key', 'secret', 'password', 'auth', 'session', 'aws', 'region', 'bucket', 'service',
  'cache', 'timeout', 'retry', 'logger', 'debug', 'format', 'parse', 'encode', 'decode', 'stream',
];
const EXT = ['js', 'ts', 'json', 'md', 'yaml', 'py', 'go', 'env', 'txt', 'tsx'];

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

function ident(rand) {
  const a = pick(rand, WORDS);
  const b = pick(rand, WORDS);
  return a + b[0].toUpperCase() + b.slice(1);
}

function codeLine(rand) {
  const r = rand();
  const indent = '  '.repeat(Math.floor(rand() * 4));
  if (r < 0.25) return `${indent}const ${ident(rand)} = ${ident(rand)}(${ident(rand)}, ${Math.floor(rand() * 1000)});`;
  if (r < 0.4) return `${indent}if (${ident(rand)}.${pick(rand, WORDS)} === '${pick(rand, WORDS)}') return ${ident(rand)};`;
  if (r < 0.5) return `${indent}// ${pick(rand, WORDS)} ${pick(rand, WORDS)} ${pick(rand, WORDS)} ${pick(rand, WORDS)} ${pick(rand, WORDS)}`;
  if (r < 0.6) return `${indent}"${ident(rand)}": "${pick(rand, WORDS)}-${Math.floor(rand() * 1e6).toString(36)}",`;
  if (r < 0.7) return `${indent}${ident(rand)}: ${pick(rand, WORDS)}.${ident(rand)}(${pick(rand, WORDS)}),`;
  if (r < 0.8) return `${indent}export function ${ident(rand)}(${ident(rand)}, ${ident(rand)}) {`;
  if (r < 0.9) return `${indent}}`;
  return '';
}

/**
 * Writes the corpus under `dir` and returns what was planted.
 * files × avgLines lines of ~45 bytes: 4,000 × 250 ≈ 45 MB.
 */
export function generateCorpus(dir, { seed, files, avgLines, rules }) {
  rmSync(dir, { recursive: true, force: true });
  const rand = prng(seed);
  const examples = [];
  for (const rule of rules) {
    rule.examples.forEach((text, i) => {
      // A path-scoped rule only applies under its example path; plant it under that name.
      const hint = rule.tags.find((t) => t.startsWith('example-path:'));
      examples.push({ ruleId: rule.id, index: i, text, fileName: hint ? hint.slice('example-path:'.length) : undefined });
    });
  }
  // Each example is planted twice, in random files, on a line of its own. Path-scoped rules
  // (`paths`) get a file of their own under the name their examples are checked with.
  const plants = new Map();
  const planted = [];
  const scoped = [];
  for (let round = 0; round < 2; round++) {
    for (const ex of examples) {
      if (ex.fileName !== undefined) {
        scoped.push(ex);
        continue;
      }
      const file = Math.floor(rand() * files);
      const list = plants.get(file) ?? [];
      list.push(ex);
      plants.set(file, list);
    }
  }
  scoped.forEach((ex, k) => {
    const rel = `scoped/${k}/${ex.fileName}`;
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), `${ex.text}\n`);
    planted.push({ file: rel, ruleId: ex.ruleId, line: 1, lines: ex.text.split('\n').length });
  });
  let bytes = 0;
  for (let f = 0; f < files; f++) {
    const sub = join(dir, `pkg${f % 40}`, `mod${Math.floor(f / 40) % 25}`);
    mkdirSync(sub, { recursive: true });
    const own = plants.get(f) ?? [];
    const name = `${ident(rand)}-${f}.${pick(rand, EXT)}`;
    const lines = [];
    const n = Math.max(5, Math.floor(avgLines * (0.2 + rand() * 1.6)));
    for (let i = 0; i < n; i++) lines.push(codeLine(rand));
    // Insert bottom-up positions first so that earlier line numbers stay valid, then number
    // the planted examples from the final text.
    const spots = own.map((ex) => ({ ex, at: Math.floor(rand() * (lines.length + 1)) })).sort((a, b) => b.at - a.at);
    for (const { ex, at } of spots) lines.splice(at, 0, '', { ex }, '');
    const out = [];
    let lineNo = 1;
    const rel = toPosix(join(`pkg${f % 40}`, `mod${Math.floor(f / 40) % 25}`, name));
    for (const entry of lines) {
      if (typeof entry === 'string') {
        out.push(entry);
        lineNo++;
      } else {
        // Blank lines around the example keep it from fusing with neighbouring tokens.
        planted.push({ file: rel, ruleId: entry.ex.ruleId, line: lineNo, lines: entry.ex.text.split('\n').length });
        out.push(entry.ex.text);
        lineNo += entry.ex.text.split('\n').length;
      }
    }
    const text = `${out.join('\n')}\n`;
    bytes += Buffer.byteLength(text);
    writeFileSync(join(sub, name), text);
  }
  return { planted, bytes, files };
}

function toPosix(p) {
  return p.split('\\').join('/');
}
