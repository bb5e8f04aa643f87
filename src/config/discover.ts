import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE } from './config.js';

/**
 * The folder whose `.leakproof.toml` is the root of the policy for a scan of `scanRoot`:
 * the repository top (a folder holding `.git`) when there is one, so nested configs between
 * the top and the scanned folder all apply and another project's config is never picked up;
 * outside a repository, the nearest folder at or above `scanRoot` holding a config; else
 * `scanRoot` itself.
 */
export function policyRoot(scanRoot: string): string {
  const start = resolve(scanRoot);
  let nearestConfig: string | undefined;
  let dir = start;
  for (;;) {
    if (nearestConfig === undefined && existsSync(join(dir, CONFIG_FILE))) nearestConfig = dir;
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return nearestConfig ?? start;
    dir = parent;
  }
}
