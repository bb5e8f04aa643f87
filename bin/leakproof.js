#!/usr/bin/env node
// Prefer the single-file bundle (faster start, which the pre-commit hook feels) unless it is
// missing or older than the compiled sources it was made from.
import { statSync } from 'node:fs';

const bundle = new URL('../dist/bundle/leakproof.js', import.meta.url);
const sources = new URL('../dist/cli/main.js', import.meta.url);
const mtime = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs;
const built = mtime(bundle);
const compiled = mtime(sources);
await import(built !== undefined && (compiled === undefined || built >= compiled) ? bundle.href : sources.href);
