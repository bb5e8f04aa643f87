/** Is a path ignored by git? Asked only when a secret is about to be written somewhere. */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { runGit } from '../git/run-git.js';

export type IgnoreState = 'ignored' | 'not-ignored' | 'outside-repo';

export function gitIgnoreState(absPath: string, env: Readonly<Record<string, string | undefined>>): IgnoreState {
  let dir = dirname(absPath);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  // check-ignore consults the index too: a tracked file is "not ignored" whatever .gitignore says.
  const res = runGit(['check-ignore', '-q', '--', absPath], { cwd: dir, env, timeoutMs: 10_000 }, { phase: 'setup', okCodes: [1, 128] });
  if (res.code === 0) return 'ignored';
  if (res.code === 1) return 'not-ignored';
  return 'outside-repo';
}
