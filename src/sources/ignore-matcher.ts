import { createRequire } from 'node:module';
import type { Ignore } from 'ignore';

// `ignore` is CommonJS: `require` skips Node's CJS export lexer (~40 ms at start-up), and
// loading it on first use keeps it off paths that never read an ignore file (agent hooks).
let ignoreFactory: typeof import('ignore') | undefined;

/** A new gitignore-syntax matcher (the one way this project matches ignore globs). */
export function newIgnore(): Ignore {
  ignoreFactory ??= createRequire(import.meta.url)('ignore') as typeof import('ignore');
  return ignoreFactory();
}
