// `leakproof redact` on a ~100 MB agent transcript (JSON Lines shaped like Claude Code's
// sessions), next to `leakproof scan` of the same file and `rg -i -F -f keywords` (the floor).
// Checks that every planted secret is gone and that the output is the input with some spans
// replaced by placeholders — byte for byte everywhere else — and that every line is still JSON.
//
// The transcript is generated from the seed: prose, tool calls and tool results (code, logs,
// JSON, base64, diffs) that say token / key / secret / password / auth as often as real ones do,
// with the catalogue's own positive examples planted (fake by construction, read from
// dist/rules.json at run time) raw, JSON-escaped, escaped twice, and as multi-line blocks.
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prng } from './prng.js';

const TARGET_BYTES = 100 * 1000 * 1000;
/** Bump when the generator changes, so a cached transcript is rebuilt. */
const VERSION = 5;
/** Rules whose examples are planted: several providers, generic assignments, PEM and connection strings. */
const PLANTED_RULES = [
  'aws-access-key-id',
  'github-pat-classic',
  'gitlab-pat',
  'slack-bot-token',
  'openai-project-api-key',
  'anthropic-api-key',
  'npm-access-token',
  'google-api-key',
  'jwt',
  'generic-secret-assignment',
  'generic-secret-env-assignment',
  'connection-string-uri-password',
  'private-key-pem',
];
const PLACEHOLDER = /\[REDACTED:[a-z0-9-]+:[0-9a-f]{4}\]/g;

// Credential words (token, key, secret, password, auth, …) are one word or identifier in
// fifteen or so: ~4,400 hits of those five words per MB, 2–3× what real code has
// (TypeScript's lib ~1,400/MB, aws-sdk ~2,400/MB), as in a session spent on auth code.
const PLAIN_WORDS = [
  'the', 'a', 'to', 'and', 'of', 'in', 'is', 'it', 'that', 'this', 'for', 'with', 'on', 'we', 'can', 'now',
  'function', 'test', 'file', 'error', 'value', 'config', 'request', 'response', 'user', 'server', 'client',
  'cache', 'retry', 'handler', 'build', 'module', 'import', 'export', 'type', 'update', 'fix', 'check', 'run',
  'should', 'then', 'will', 'need', 'list', 'when', 'before', 'after', 'first', 'next', 'data', 'path', 'line',
  'result', 'output', 'input', 'route', 'query', 'field', 'schema', 'table', 'event', 'state', 'page', 'view',
];
const CREDENTIAL_WORDS = ['token', 'key', 'secret', 'password', 'auth'];
const CREDENTIAL_NAMES = ['token', 'apiKey', 'authToken', 'secretKey', 'password', 'sessionId', 'accessKey', 'refreshToken', 'signingKey', 'authHeader'];
const PLAIN_NAMES = [
  'userId', 'config', 'options', 'result', 'cache', 'client', 'items', 'index', 'payload', 'handler', 'logger', 'router',
  'request', 'response', 'state', 'props', 'timeout', 'buffer', 'stream', 'queue', 'parser', 'entry', 'count', 'total',
  'user', 'order', 'cart', 'price', 'limit', 'offset', 'rows', 'query', 'schema', 'model', 'view', 'event', 'job',
  'worker', 'retries', 'delay', 'width', 'height', 'color', 'label', 'title', 'body', 'status', 'message',
];
/** A word: credential-ish one time in twenty-five; an identifier: one time in twelve. */
const WORDS = { pick: (rand) => (rand() < 1 / 25 ? CREDENTIAL_WORDS : PLAIN_WORDS) };
const NAMES = { pick: (rand) => (rand() < 1 / 12 ? CREDENTIAL_NAMES : PLAIN_NAMES) };
const FILES = ['src/auth/token.ts', 'src/api/client.ts', 'src/config.ts', 'src/session/store.ts', 'lib/crypto.py', 'server/keys.go', 'test/auth.test.ts', 'README.md', 'package.json', 'docker-compose.yml'];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const HEX = '0123456789abcdef';

function pick(rand, list) {
  const from = Array.isArray(list) ? list : list.pick(rand);
  return from[Math.floor(rand() * from.length)];
}

function chars(rand, alphabet, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}

function uuid(rand) {
  const h = (n) => chars(rand, HEX, n);
  return `${h(8)}-${h(4)}-4${h(3)}-a${h(3)}-${h(12)}`;
}

function sentence(rand, n = 8 + Math.floor(rand() * 14)) {
  const words = Array.from({ length: n }, () => pick(rand, WORDS));
  return `${words.join(' ')}.`.replace(/^./, (c) => c.toUpperCase());
}

function prose(rand, sentences) {
  return Array.from({ length: sentences }, () => sentence(rand)).join(' ');
}

function codeFile(rand, lines) {
  const out = [];
  for (let i = 0; i < lines; i++) {
    const r = rand();
    const name = pick(rand, NAMES);
    const indent = '  '.repeat(Math.floor(rand() * 3));
    if (r < 0.2) out.push(`${indent}const ${name} = await ${pick(rand, NAMES)}.get('${pick(rand, WORDS)}');`);
    else if (r < 0.3) out.push(`${indent}if (!${name}) throw new Error("missing ${pick(rand, WORDS)} ${pick(rand, WORDS)}");`);
    else if (r < 0.4) out.push(`${indent}// ${sentence(rand, 6)}`);
    else if (r < 0.48) out.push(`${indent}for (const ${pick(rand, NAMES)} of ${name}) ${pick(rand, NAMES)}.push(${pick(rand, NAMES)});`);
    else if (r < 0.5) out.push(`${indent}headers['Authorization'] = \`Bearer \${${name}}\`;`);
    else if (r < 0.6) out.push(`${indent}export function ${name}${i}(${pick(rand, NAMES)}: string, ${pick(rand, NAMES)}?: Options) {`);
    else if (r < 0.7) out.push(`${indent}  return { ${name}, ${pick(rand, NAMES)}: process.env.${pick(rand, NAMES).toUpperCase()} };`);
    else if (r < 0.8) out.push(`${indent}}`);
    else if (r < 0.9) out.push(`${indent}${name}.${pick(rand, WORDS)}(${JSON.stringify(pick(rand, WORDS))}, ${Math.floor(rand() * 1000)});`);
    else out.push('');
  }
  return out.join('\n');
}

function logOutput(rand, lines) {
  const out = [];
  for (let i = 0; i < lines; i++) {
    const r = rand();
    const ts = `2026-11-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}T${String(Math.floor(rand() * 24)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}:07.${Math.floor(rand() * 1000)}Z`;
    if (r < 0.05) out.push(`${ts} INFO  [auth] ${pick(rand, ['token refreshed', 'session key rotated', 'secret loaded from vault', 'password check ok'])} user=${Math.floor(rand() * 1e5)}`);
    else if (r < 0.3) out.push(`${ts} INFO  [http] ${pick(rand, ['GET', 'POST', 'PUT'])} /api/${pick(rand, WORDS)}/${Math.floor(rand() * 1e4)} ${pick(rand, ['200', '201', '204', '304'])} ${Math.floor(rand() * 300)}ms`);
    else if (r < 0.5) out.push(` ✓ ${pick(rand, FILES)} > ${sentence(rand, 5)} (${Math.floor(rand() * 90)} ms)`);
    else if (r < 0.6) out.push(` ✗ ${pick(rand, FILES)} > expected "${pick(rand, NAMES)}" to equal "${pick(rand, WORDS)}"`);
    else if (r < 0.7) out.push(`    at ${pick(rand, NAMES)} (${pick(rand, FILES)}:${Math.floor(rand() * 300)}:${Math.floor(rand() * 40)})`);
    else if (r < 0.8) out.push(`${ts} DEBUG request id=${uuid(rand)} api_key=*** status=${pick(rand, ['200', '401', '403', '500'])}`);
    else out.push(`${ts} WARN  ${sentence(rand, 7)}`);
  }
  return out.join('\n');
}

function jsonOutput(rand, items) {
  const list = Array.from({ length: items }, () => ({
    id: uuid(rand),
    name: pick(rand, NAMES),
    auth: { type: pick(rand, ['oauth', 'token', 'basic']), scopes: [pick(rand, WORDS), pick(rand, WORDS)] },
    keyId: chars(rand, HEX, 16),
    created: '2026-10-02T11:04:00Z',
    description: sentence(rand, 9),
  }));
  return JSON.stringify({ data: list, next: null }, null, 2);
}

function base64Blob(rand, bytes) {
  const body = chars(rand, B64, bytes);
  return body.match(/.{1,76}/g).join('\n');
}

function diffOutput(rand, hunks) {
  const out = [`diff --git a/${pick(rand, FILES)} b/${pick(rand, FILES)}`, 'index 3f2a1c9..8b7e4d2 100644'];
  for (let h = 0; h < hunks; h++) {
    out.push(`@@ -${h * 20 + 1},7 +${h * 20 + 1},8 @@`);
    const body = codeFile(rand, 8).split('\n');
    body.forEach((l, i) => out.push(`${i === 3 ? '-' : i === 4 ? '+' : ' '}${l}`));
  }
  return out.join('\n');
}

/**
 * A planted secret in one of its contexts. Files are delivered raw (Write, `cat`): Read's
 * numbered lines (`     7→KEY=…`) defeat rules anchored at a line start, a rule gap this
 * benchmark is not about.
 */
function plantText(rand, ex) {
  const r = rand();
  if (ex.text.includes('\n') || r < 0.3) return { where: 'file', content: `# ${pick(rand, FILES)}\n${codeFile(rand, 4)}\n${ex.text}\n${codeFile(rand, 3)}\n` };
  if (r < 0.55) return { where: 'command', content: `${ex.text} && npm run deploy` };
  if (r < 0.8) return { where: 'output', content: `${logOutput(rand, 5)}\n${ex.text}\n${logOutput(rand, 3)}` };
  // Escaped twice: a JSON file read by a tool, holding the example as a string value.
  return { where: 'nested', content: JSON.stringify({ name: 'settings', env: { [pick(rand, NAMES)]: ex.text }, debug: false }, null, 2) };
}

class Session {
  constructor(rand) {
    this.rand = rand;
    this.session = uuid(rand);
    this.parent = null;
    this.clock = Date.UTC(2026, 10, 1, 9, 0, 0);
  }

  record(type, fields) {
    const uuidNow = uuid(this.rand);
    this.clock += Math.floor(this.rand() * 20000);
    const rec = {
      parentUuid: this.parent,
      isSidechain: false,
      userType: 'external',
      cwd: '/home/dev/work/app',
      sessionId: this.session,
      version: '2.0.14',
      gitBranch: 'main',
      type,
      ...fields,
      uuid: uuidNow,
      timestamp: new Date(this.clock).toISOString(),
    };
    this.parent = uuidNow;
    return JSON.stringify(rec);
  }

  user(text) {
    return this.record('user', { message: { role: 'user', content: text } });
  }

  assistantText(text) {
    return this.record('assistant', {
      message: { id: `msg_${chars(this.rand, B64.slice(0, 62), 24)}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text }], stop_reason: null, usage: { input_tokens: Math.floor(this.rand() * 9000), output_tokens: Math.floor(this.rand() * 900), cache_read_input_tokens: Math.floor(this.rand() * 90000) } },
      requestId: `req_${chars(this.rand, B64.slice(0, 62), 24)}`,
    });
  }

  toolUse(name, input) {
    const id = `toolu_${chars(this.rand, B64.slice(0, 62), 24)}`;
    const line = this.record('assistant', {
      message: { id: `msg_${chars(this.rand, B64.slice(0, 62), 24)}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id, name, input }], stop_reason: 'tool_use', usage: { input_tokens: 12, output_tokens: 240 } },
      requestId: `req_${chars(this.rand, B64.slice(0, 62), 24)}`,
    });
    return { id, line };
  }

  /** Claude Code stores a tool's output twice: in the message and in `toolUseResult`. */
  toolResult(id, content, toolUseResult) {
    return this.record('user', { message: { role: 'user', content: [{ tool_use_id: id, type: 'tool_result', content }] }, toolUseResult });
  }
}

/** One exchange: a prompt or a tool round trip, with `plant` (if any) inside it. */
function exchange(s, plant) {
  const rand = s.rand;
  const lines = [];
  const r = plant ? 1 : rand();
  if (!plant && r < 0.12) {
    lines.push(s.user(`${prose(rand, 2 + Math.floor(rand() * 4))} The ${pick(rand, NAMES)} ${pick(rand, ['token', 'key', 'secret', 'password'])} handling in ${pick(rand, FILES)} is broken.`));
    lines.push(s.assistantText(`${prose(rand, 3)}\n\n\`\`\`ts\n${codeFile(rand, 6)}\n\`\`\`\n\n${prose(rand, 2)}`));
    return lines;
  }
  if (plant?.where === 'command') {
    const { id, line } = s.toolUse('Bash', { command: plant.content, description: 'Deploy with the credentials' });
    const out = logOutput(rand, 6);
    lines.push(line, s.toolResult(id, out, { stdout: out, stderr: '', interrupted: false, isImage: false }));
    return lines;
  }
  if (plant?.where === 'output' || (!plant && r < 0.45)) {
    const cmd = pick(rand, ['npm test', 'npm run build', 'git log -p -3', 'cat server.log | tail -200', 'curl -s localhost:8080/api/keys | jq .', 'git diff']);
    const { id, line } = s.toolUse('Bash', { command: cmd, description: sentence(rand, 4) });
    const q = rand();
    const out = plant ? plant.content : q < 0.4 ? logOutput(rand, 20 + Math.floor(rand() * 120)) : q < 0.7 ? jsonOutput(rand, 2 + Math.floor(rand() * 12)) : diffOutput(rand, 1 + Math.floor(rand() * 6));
    lines.push(line, s.toolResult(id, out, { stdout: out, stderr: '', interrupted: false, isImage: false }));
    return lines;
  }
  if (!plant && r < 0.48) {
    // A screenshot: tool results carry images as base64.
    const { id, line } = s.toolUse('Read', { file_path: '/home/dev/work/app/docs/login.png' });
    const data = base64Blob(rand, 4000 + Math.floor(rand() * 40000)).replace(/\n/g, '');
    lines.push(line, s.toolResult(id, [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data } }], { type: 'image', file: { base64: data, type: 'image/png', originalSize: data.length } }));
    return lines;
  }
  if (!plant && r < 0.7) {
    const file = pick(rand, FILES);
    const { id, line } = s.toolUse('Edit', { file_path: `/home/dev/work/app/${file}`, old_string: codeFile(rand, 5), new_string: codeFile(rand, 7) });
    lines.push(line, s.toolResult(id, `The file ${file} has been updated.`, { filePath: file, oldString: '…', newString: '…', structuredPatch: [] }));
    return lines;
  }
  // Read (or Write) a file: the content holds the plant, escaped once ('file') or twice ('nested').
  const file = plant?.where === 'nested' ? 'config/settings.json' : plant ? '.env.production' : pick(rand, FILES);
  const content = plant ? plant.content : codeFile(rand, 30 + Math.floor(rand() * 250));
  if (plant && rand() < 0.5) {
    const { id, line } = s.toolUse('Bash', { command: `cat ${file}`, description: 'Show the file' });
    lines.push(line, s.toolResult(id, content, { stdout: content, stderr: '', interrupted: false, isImage: false }));
  } else if (plant || rand() < 0.3) {
    const { id, line } = s.toolUse('Write', { file_path: `/home/dev/work/app/${file}`, content });
    lines.push(line, s.toolResult(id, `File created successfully at: ${file}`, { type: 'create', filePath: file, content }));
  } else {
    const { id, line } = s.toolUse('Read', { file_path: `/home/dev/work/app/${file}` });
    const numbered = content.split('\n').map((l, i) => `${String(i + 1).padStart(6)}→${l}`).join('\n');
    lines.push(line, s.toolResult(id, numbered, { type: 'text', file: { filePath: file, content, numLines: content.split('\n').length, startLine: 1, totalLines: content.split('\n').length } }));
  }
  return lines;
}

/** The planted examples and the secret each one's rule reports (found by the built engine). */
async function plantable(root, rules) {
  const { buildRuleset } = await import(pathToFileURL(join(root, 'dist', 'rules', 'compile.js')).href);
  const { detect } = await import(pathToFileURL(join(root, 'dist', 'engine', 'detect.js')).href);
  const chosen = rules.filter((r) => PLANTED_RULES.includes(r.id));
  const ruleset = buildRuleset(chosen);
  const out = [];
  for (const rule of chosen) {
    for (const text of rule.examples) {
      const secrets = detect({ path: 'example.txt', content: Buffer.from(text) }, ruleset).filter((f) => f.ruleId === rule.id).map((f) => f.secret);
      if (secrets.length > 0) out.push({ ruleId: rule.id, text, secrets });
    }
  }
  return out;
}

export async function generateTranscript(file, { seed, root, rules, bytes = TARGET_BYTES }) {
  const examples = await plantable(root, rules);
  const meta = `${file}.json`;
  const tag = `${VERSION}:${seed}:${bytes}:${JSON.stringify(examples)}`;
  if (existsSync(file) && existsSync(meta)) {
    const cached = JSON.parse(readFileSync(meta, 'utf8'));
    if (cached.tag === tag) return cached;
  }
  const rand = prng(seed);
  const chunks = [];
  let size = 0;
  let s = new Session(rand);
  const planted = [];
  for (let n = 0; size < bytes; n++) {
    if (n % 400 === 0) s = new Session(rand);
    const ex = n % 9 === 4 ? examples[Math.floor(rand() * examples.length)] : undefined;
    if (ex) planted.push(...ex.secrets.map((secret) => ({ ruleId: ex.ruleId, secret })));
    const text = `${exchange(s, ex && plantText(rand, ex)).join('\n')}\n`;
    chunks.push(text);
    size += Buffer.byteLength(text);
  }
  writeFileSync(`${file}.tmp`, chunks.join(''));
  renameSync(`${file}.tmp`, file);
  const info = { tag, bytes: statSync(file).size, planted };
  writeFileSync(meta, JSON.stringify(info));
  return info;
}

/**
 * Is `output` the input with some non-empty spans replaced by placeholders, and nothing else?
 * The text between placeholders must appear in the input in order (earliest match first, which
 * finds an alignment whenever one exists), the first piece at the start, the last at the end.
 */
export function checkRedaction(input, output, planted) {
  const problems = [];
  const pieces = output.toString('latin1').split(PLACEHOLDER);
  const raw = input.toString('latin1');
  let at = 0;
  pieces.forEach((piece, i) => {
    if (problems.length > 0) return;
    const found = i === 0 ? (raw.startsWith(piece) ? 0 : -1) : raw.indexOf(piece, at + 1);
    if (found === -1) problems.push(`output piece ${i} (${piece.length} bytes) is not in the input after byte ${at}`);
    else at = found + piece.length;
  });
  if (problems.length === 0 && at !== raw.length) problems.push(`output ends ${raw.length - at} input bytes early`);
  // The examples repeat: search for each distinct secret once, raw and JSON-escaped.
  const distinct = [...new Map(planted.map((p) => [p.secret, p])).values()];
  const left = distinct.filter((p) => output.includes(p.secret) || output.includes(JSON.stringify(p.secret).slice(1, -1)));
  for (const p of left.slice(0, 5)) problems.push(`planted ${p.ruleId} secret (${p.secret.slice(0, Math.min(4, Math.floor(p.secret.length / 5)))}…) is still in the output`);
  if (left.length > 5) problems.push(`… and ${left.length - 5} more planted secrets left`);
  let bad = 0;
  for (const line of output.toString('utf8').split('\n')) {
    if (line === '') continue;
    try {
      JSON.parse(line);
    } catch {
      bad++;
    }
  }
  if (bad > 0) problems.push(`${bad} output lines are not valid JSON`);
  return { problems, replaced: pieces.length - 1, distinct: distinct.length };
}

export async function redactSuite(ctx) {
  const file = join(ctx.WORK, 'transcript.jsonl');
  ctx.log('redact: generating the seeded transcript…');
  const info = await generateTranscript(file, { seed: ctx.SEED, root: ctx.ROOT, rules: ctx.rules });
  const mb = info.bytes / 1e6;
  const opts = { cwd: ctx.BENCH, env: ctx.benchEnv() };
  const out = join(ctx.WORK, 'out', 'transcript.redacted.jsonl');

  ctx.log('redact: checking the output…');
  const once = ctx.runOnce(process.execPath, [ctx.LEAKPROOF, 'redact'], { ...opts, inFile: file, outFile: out });
  const check = checkRedaction(readFileSync(file), readFileSync(out), info.planted);
  const checkLine = check.problems.length === 0
    ? `- output check: ${info.planted.length} planted secrets (${check.distinct} distinct) all gone, ${check.replaced} spans replaced, byte-identical elsewhere, every line valid JSON (exit ${once.status})`
    : `- output check FAILED (exit ${once.status}): ${check.problems.join('; ')}`;
  ctx.log(checkLine);

  // Interleaved: each round runs every command once, so load changes hit all rows alike.
  const cases = [
    ['leakproof redact < transcript.jsonl > /dev/null', process.execPath, [ctx.LEAKPROOF, 'redact'], { inFile: file }],
    ['leakproof scan transcript.jsonl', process.execPath, [ctx.LEAKPROOF, 'scan', file, '-q', '--max-file-size', '1GB'], {}],
  ];
  if (ctx.kwFile) cases.push(['rg -i -F -f keywords -c transcript.jsonl (floor)', 'rg', ['-i', '-F', '-f', ctx.kwFile, '-c', '--no-ignore', file], {}]);
  const runs = Math.max(3, ctx.RUNS);
  const results = cases.map(() => []);
  for (let round = 0; round < runs; round++) {
    cases.forEach(([name, cmd, args, extra], i) => {
      ctx.log(`  ${name} (${round + 1}/${runs})`);
      results[i].push(ctx.runOnce(cmd, args, { ...opts, ...extra }));
    });
  }
  const med = (list) => {
    const s = [...list].sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const lines = [
    `### redact: ${mb.toFixed(1)} MB agent transcript (seed ${ctx.SEED}, ${info.planted.length} planted secrets)`,
    '',
    '| command | runs | wall (median) | MB/s | CPU user+sys (median) | CPU ms/MB | peak RSS | exit |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  cases.forEach(([name], i) => {
    const rs = results[i];
    const wall = med(rs.map((r) => r.wallMs));
    const cpu = rs.every((r) => r.cpuMs !== undefined) ? med(rs.map((r) => r.cpuMs)) : undefined;
    const rss = Math.max(...rs.map((r) => r.rssMb ?? 0));
    lines.push(`| ${name} | ${rs.length} | ${(wall / 1000).toFixed(2)} s | ${(mb / (wall / 1000)).toFixed(1)} | ${cpu === undefined ? '–' : `${(cpu / 1000).toFixed(2)} s`} | ${cpu === undefined ? '–' : (cpu / mb).toFixed(1)} | ${rss ? `${rss.toFixed(0)} MB` : '–'} | ${rs.at(-1).status} |`);
  });
  lines.push('', checkLine);
  ctx.log(lines.slice(4).join('\n'));
  return lines.join('\n');
}
