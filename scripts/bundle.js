// Build step: the CLI as one CommonJS file plus V8's code cache for it, and the scan worker as
// one ES module, all in dist/bundle/. The hooks (pre-commit, agent) run once per commit or tool
// call, so start-up is their whole cost (bench/lib/hook.js). Measured on Node 20 here:
// - loading ~10 ES-module chunks took ~15 ms more than `require` of the same code: the ESM
//   loader reads each file asynchronously through fs/promises and links them one by one;
// - one CommonJS file of the whole CLI costs that back in parsing (~480 KB) unless V8's code
//   cache is used, which Node 20 offers only through vm.Script (`cachedData`).
// So bin/leakproof.js compiles dist/bundle/leakproof.cjs with vm.Script and the cache made here
// by running the CLI on the hook paths (the functions they compile are in the cache). The cache
// is tied to the bundle by a hash on the bundle's first line; V8 rejects it on another Node
// version, and the bundle then compiles as usual. bin/leakproof.js falls back to dist/cli/main.js
// when the bundle is missing or older. re2 stays external: it is a native addon.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toAscii } from './ascii.js';

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('leakproof build: esbuild not installed; skipping the single-file bundle (bin/leakproof.js falls back to dist/cli)');
  process.exit(0);
}

const path = (rel) => fileURLToPath(new URL(rel, import.meta.url));
const outdir = path('../dist/bundle/');
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

/**
 * The CLI three times over, each with only what its paths load, because start-up is the hooks'
 * whole cost and a bundle's size is paid on every run (reading it, V8 checking and deserializing
 * its code cache, garbage): the agent hook's (`agent hook …`), the pre-commit hook's
 * (`scan --staged`), and the whole CLI for everything else. bin/leakproof.js picks one by the
 * same argv tests cli/main.ts dispatches on; the modules a bundle leaves out are stubs that
 * throw, so a mismatch fails loudly (exit 3) instead of running the wrong thing.
 */
const BUNDLES = [
  { file: 'leakproof.cjs', stub: [] },
  { file: 'agent-hook.cjs', stub: ['cli/program.js', 'cli/scan-command.js'] },
  { file: 'staged.cjs', stub: ['cli/program.js', 'cli/agent-command.js'] },
];

function stubs(names) {
  const paths = new Set(names.map((name) => path(`../dist/${name}`)));
  return {
    name: 'leakproof-stubs',
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, (args) =>
        paths.has(args.path) ? { contents: `throw new Error('${args.path.split('/dist/')[1]} is not in this bundle (bin/leakproof.js picked the wrong one)');`, loader: 'js' } : undefined,
      );
    },
  };
}

/**
 * node:crypto costs ~2.5 ms to load, and a module that imports it loads it when the bundle starts
 * (the pre-commit hook loaded it for the GitLab report's hashes and for the empty tree's id, and
 * used neither). In the CLI bundles every import of it is this module instead, which loads it on
 * first call; a name it does not export fails the build.
 */
const LAZY_CRYPTO = `let crypto;
const load = () => (crypto ??= require('node:crypto'));
export const createHash = (...args) => load().createHash(...args);
export const randomBytes = (...args) => load().randomBytes(...args);
`;
const lazyCrypto = {
  name: 'leakproof-lazy-crypto',
  setup(build) {
    // Its own require() of node:crypto is the real module.
    build.onResolve({ filter: /^(node:)?crypto$/ }, (args) =>
      args.namespace === 'leakproof' ? { path: 'node:crypto', external: true } : { path: 'lazy-crypto', namespace: 'leakproof' },
    );
    build.onLoad({ filter: /^lazy-crypto$/, namespace: 'leakproof' }, () => ({ contents: LAZY_CRYPTO, loader: 'js' }));
  },
};

// Every file lives in dist/bundle/, one level below dist/ like dist/cli/ and dist/rules/, so every
// `new URL('../…', import.meta.url)` (catalog.json, package.json, rules/) resolves the same.
const common = { bundle: true, platform: 'node', target: 'node20', external: ['re2'], logLevel: 'warning', legalComments: 'none', write: false };
const cliBuild = (bundle) =>
  esbuild.build({
    ...common,
    entryPoints: [path('../dist/cli/main.js')],
    outfile: join(outdir, bundle.file),
    format: 'cjs',
    // import.meta.url of the bundle itself; dynamic import() becomes require() (vm.Script has no
    // ES-module loader to hand it to without an experimental flag).
    define: { 'import.meta.url': '__leakproofUrl' },
    banner: { js: "const __leakproofUrl = require('node:url').pathToFileURL(__filename).href;" },
    supported: { 'dynamic-import': false },
    plugins: [stubs(bundle.stub), lazyCrypto],
  });
const [workerBuild, ...cliBuilds] = await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: [path('../dist/workers/scan-worker.js')],
    outfile: join(outdir, 'scan-worker.js'),
    format: 'esm',
    // Bundled CommonJS dependencies call require(): give them one.
    banner: { js: "import { createRequire as __leakproofRequire } from 'node:module'; const require = __leakproofRequire(import.meta.url);" },
  }),
  ...BUNDLES.map(cliBuild),
]);
writeFileSync(workerBuild.outputFiles[0].path, workerBuild.outputFiles[0].contents);
// esbuild escapes non-ASCII characters except inside regular expression literals (a `…` in the
// placeholder check): the CLI bundles are made pure ASCII (scripts/ascii.js), which
// bin/leakproof.js reads as latin1, a plain copy instead of a UTF-8 decode.
BUNDLES.forEach((bundle, i) => {
  const text = toAscii(cliBuilds[i].outputFiles[0].text);
  writeFileSync(join(outdir, bundle.file), `// leakproof-bundle ${createHash('sha256').update(text).digest('hex').slice(0, 32)}\n${text}`);
});

// The code caches: the CLI run on each bundle's paths, each run adding to the cache of the bundle
// it used the functions it compiled.
const bin = path('../bin/leakproof.js');
const work = mkdtempSync(join(tmpdir(), 'leakproof-build-'));
try {
  const run = (args, options = {}) =>
    spawnSync(process.execPath, [bin, ...args], { cwd: work, encoding: 'utf8', ...options, env: { ...process.env, LEAKPROOF_BUILD_CODE_CACHE: '1' } });
  const git = (...args) => spawnSync('git', args, { cwd: work, encoding: 'utf8' });
  writeFileSync(join(work, 'app.ts'), "export const config = { region: 'eu-west-1', token: process.env.API_TOKEN, password: readPassword() };\n");
  run(['scan', 'app.ts']);
  if (git('init', '-q').status === 0) {
    git('add', 'app.ts');
    run(['scan', '--staged']);
  }
  const hook = (event, payload) => run(['agent', 'hook', 'claude', event], { input: JSON.stringify({ session_id: 'build', cwd: work, hook_event_name: event, ...payload }) });
  hook('PreToolUse', { tool_name: 'Bash', tool_input: { command: 'npm test && git status --short' } });
  hook('PreToolUse', { tool_name: 'Write', tool_input: { file_path: join(work, 'app.ts'), content: readFileSync(join(work, 'app.ts'), 'utf8') } });
  hook('UserPromptSubmit', { prompt: 'The token refresh fails: the key rotation job says the password field is empty.' });
  // A refusal too (its reply, the git-ignore proof, a finding's checks): an AWS-shaped key id made
  // up here, so no file holds one.
  const keyId = `AKIA${Array.from(randomBytes(16), (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[b % 32]).join('')}`;
  hook('PreToolUse', { tool_name: 'Write', tool_input: { file_path: join(work, 'aws.ts'), content: `export const aws = {\n  accessKeyId: '${keyId}',\n};\n` } });
  for (const { file } of BUNDLES) {
    if (readFileSync(join(outdir, `${file}.cache`)).length === 0) throw new Error(`empty code cache for ${file}`);
  }
} catch (error) {
  // A cache only saves time: without it a bundle compiles as usual.
  for (const { file } of BUNDLES) rmSync(join(outdir, `${file}.cache`), { force: true });
  console.error(`leakproof build: no code cache (${error instanceof Error ? error.message : String(error)})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
