#!/usr/bin/env node
/* global __dirname */
// CommonJS (bin/package.json): an ES-module entry would start Node's ES-module loader, ~10 ms
// of every hook run. Runs a single-file bundle (scripts/bundle.js says why it is CommonJS
// compiled through vm.Script with a code cache, and why there are three) unless it is missing or
// older than the compiled sources it was made from: then dist/cli/main.js, so a plain `tsc`
// rebuild is never shadowed by a stale bundle.
const { readFileSync, statSync, writeFileSync } = process.getBuiltinModule('node:fs');
const { createRequire } = process.getBuiltinModule('node:module');
const { dirname, join } = process.getBuiltinModule('node:path');
const { pathToFileURL } = process.getBuiltinModule('node:url');
const { Script } = process.getBuiltinModule('node:vm');

// The hooks' own bundles, on exactly the argv that cli/main.ts sends down their paths.
const argv = process.argv.slice(2);
const name = argv[0] === 'agent' && argv[1] === 'hook' ? 'agent-hook' : argv.length === 2 && argv[0] === 'scan' && argv[1] === '--staged' ? 'staged' : 'leakproof';
const bundle = join(__dirname, `../dist/bundle/${name}.cjs`);
const sources = join(__dirname, '../dist/cli/main.js');
const mtime = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs;
const built = mtime(bundle);
const compiled = mtime(sources);

if (built !== undefined && (compiled === undefined || built >= compiled)) {
  // ASCII by construction (scripts/bundle.js): latin1 reads it as a plain copy.
  const source = readFileSync(bundle, 'latin1');
  // The cache belongs to this bundle only if it starts with the bundle's first line (its hash).
  const id = `${source.slice(0, source.indexOf('\n'))}\n`;
  const cacheFile = `${bundle}.cache`;
  // Set by scripts/bundle.js only: this run adds what it compiles to the cache.
  const building = process.env.LEAKPROOF_BUILD_CODE_CACHE === '1';
  let cachedData;
  try {
    const cache = readFileSync(cacheFile);
    if (cache.subarray(0, id.length).toString('latin1') === id) cachedData = cache.subarray(id.length);
  } catch {
    cachedData = undefined;
  }
  // CommonJS's own wrapper, on the first line so that line numbers stay the bundle's.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
  if (building) process.once('exit', () => writeFileSync(cacheFile, Buffer.concat([Buffer.from(id, 'latin1'), script.createCachedData()])));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
} else {
  import(pathToFileURL(sources).href);
}
