// Building and measuring the benchmark trees under bench/.work.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Every entry below `dir` that is not a folder, with its path (symlinks not followed). */
function* leaves(dir) {
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop();
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else yield [p, e];
    }
  }
}

/** Regular files and bytes below `dir` (symlinks not followed, like every scanner here). */
export function treeSize(dir) {
  let files = 0;
  let bytes = 0;
  for (const [p, e] of leaves(dir)) {
    if (!e.isFile()) continue;
    files++;
    bytes += lstatSync(p).size;
  }
  return { files, bytes };
}

/**
 * A real-code tree: hard-linked copies (no extra disk) of installed npm packages, so every tool
 * sees plain files under one folder. Nested .gitignore files are removed from the copy: they
 * would make gitignore-aware tools skip different subsets and the byte counts would differ.
 */
export function linkPackages(nodeModules, packages, dest) {
  if (existsSync(dest)) return;
  mkdirSync(dest, { recursive: true });
  for (const pkg of packages) {
    const src = join(nodeModules, pkg);
    if (!existsSync(src)) throw new Error(`bench: ${pkg} is not installed in ${nodeModules}`);
    const target = join(dest, pkg.replace('/', '__'));
    const r = spawnSync('cp', ['-al', src, target]);
    if (r.status !== 0) throw new Error(`bench: cp -al ${src} failed: ${r.stderr}`);
  }
  for (const [p, e] of leaves(dest)) if (e.name === '.gitignore' || e.name === '.leakproofignore') unlinkSync(p);
}

export function fresh(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}
