/** Sources of policy files (configs, baseline): the working tree here; git revisions in policy-git.ts. */
import { existsSync, lstatSync } from 'node:fs';
import { join, relative } from 'node:path';
import { toPosix } from '../sources/fs-tree.js';
import { readPolicyFile } from './config.js';
import type { PolicyFiles } from './policy.js';

/** Files under `rootAbs`, labelled relative to `cwd` as the user would type them. */
export function treePolicyFiles(rootAbs: string, cwd: string): PolicyFiles {
  const abs = (rel: string): string => join(rootAbs, ...rel.split('/'));
  const label = (rel: string): string => toPosix(relative(cwd, abs(rel))) || rel;
  return {
    label,
    read(rel) {
      const path = abs(rel);
      // lstat, not exists: a dangling symlink named .leakproof.toml is an error, not "no config".
      if (!existsSync(path) && !isLink(path)) return undefined;
      return readPolicyFile(path, label(rel));
    },
  };
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
