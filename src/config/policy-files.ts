/** Sources of policy files (configs, baseline): the working tree here; git revisions in policy-git.ts. */
import { lstatSync, type Stats } from 'node:fs';
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
      if (lstatOptional(path) === undefined) return undefined;
      return readPolicyFile(path, label(rel));
    },
  };
}

/** Without an exception for a missing file (creating one costs more than the lookup). */
function lstatOptional(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch {
    // ENOTDIR: a file where a directory of the path should be.
    return undefined;
  }
}
