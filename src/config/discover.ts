import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { CONFIG_FILE } from './config.js';

/**
 * The config that governs `root`: `.leakproof.toml` in `root` or the nearest parent, stopping at
 * the repository top (a folder holding `.git`) so another project's config is never picked up.
 */
export function discoverConfig(root: string): { readonly path: string; readonly label: string } | undefined {
  let dir = resolve(root);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return { path: candidate, label: relative(root, candidate) || CONFIG_FILE };
    if (existsSync(join(dir, '.git'))) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
