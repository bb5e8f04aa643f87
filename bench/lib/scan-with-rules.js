// Child process for the rule-scaling bench: scan <dir> with the rules in <rules.json> through
// the library API (no CLI, no config), print {ms, findings, files, bytes} as JSON.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const [rulesFile, dir, root] = process.argv.slice(2);
const dist = resolve(root, 'dist');
const { loadSetup } = await import(`${dist}/setup.js`);
const { scan } = await import(`${dist}/scan.js`);
const { pathsSource } = await import(`${dist}/sources/fs-tree.js`);
const specs = JSON.parse(readFileSync(rulesFile, 'utf8'));
const t0 = performance.now();
const { policy } = loadSetup({ root: dir, builtin: specs });
const result = await scan({ source: pathsSource([dir], dir), policy });
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms, findings: result.findings.length, files: result.stats.files, bytes: result.stats.bytes }));
