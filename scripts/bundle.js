// Build step: bundle the CLI and the scan worker into one file each (dist/bundle/), so the
// pre-commit hook loads one module instead of ~100 (measured in bench/RESULTS.md: about half of
// the start-up time went to module resolution and loading). bin/leakproof.js prefers the bundle
// when it is at least as new as dist/cli/main.js, so a plain `tsc` rebuild is never shadowed by a
// stale bundle. re2 stays external: it is a native addon and is required at run time.
import { mkdirSync, rmSync } from 'node:fs';

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('leakproof build: esbuild not installed; skipping the single-file bundle (bin/leakproof.js falls back to dist/cli)');
  process.exit(0);
}

const outdir = new URL('../dist/bundle/', import.meta.url);
// Chunk names carry content hashes: clear the folder so old chunks do not pile up.
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
// Both bundles live in dist/bundle/, one level below dist/ like dist/cli/ and dist/rules/, so
// every `new URL('../…', import.meta.url)` (rules.json, package.json, rules/) resolves the same.
await esbuild.build({
  entryPoints: {
    leakproof: new URL('../dist/cli/main.js', import.meta.url).pathname,
    'scan-worker': new URL('../dist/workers/scan-worker.js', import.meta.url).pathname,
  },
  outdir: outdir.pathname,
  bundle: true,
  // One chunk per dynamic import, so `agent hook` (run on every prompt and tool call of a coding
  // agent) loads the engine and the hook, not commander, the reporters or the git sources.
  // Chunks sit next to the entries so `new URL('../…')` lookups still resolve.
  splitting: true,
  chunkNames: '[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['re2'],
  // Bundled CommonJS dependencies (commander, ignore, …) call require(): give them one.
  banner: { js: "import { createRequire as __leakproofRequire } from 'node:module'; const require = __leakproofRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
});
