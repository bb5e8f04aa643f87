/** Which baseline a scan applies: `--baseline [file]`, else the config's `baseline` key, else none. */
import { relative, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { readPolicyFile } from '../config/config.js';
import { isRelativePath, type Policy } from '../config/policy.js';
import { toPosix } from '../sources/fs-tree.js';
import { BASELINE_FILE, type Baseline, parseBaseline } from './baseline-file.js';

export interface BaselineChoice {
  /** `--baseline` given without a file (true), with one (string), `--no-baseline` (false). */
  readonly option: string | boolean | undefined;
  readonly policy: Policy;
  /** Absolute folder the policy is relative to. */
  readonly policyRoot: string;
  readonly cwd: string;
}

/** The default location: the root config's `baseline`, else `.leakproof-baseline.json`, at the policy root. */
export function defaultBaselinePath(policy: Policy): string {
  return policy.root.baseline ?? BASELINE_FILE;
}

/** Reads through the policy's files, so `--config-from <rev>` takes the baseline from that revision too. */
function readVia(policy: Policy, rel: string, why: string): Baseline {
  const text = policy.files.read(rel);
  if (text === undefined) throw new ConfigError(`${policy.files.label(rel)}: baseline not found (${why}; create it with \`leakproof baseline create\`)`);
  return parseBaseline(text, policy.files.label(rel));
}

export function loadBaseline(choice: BaselineChoice): Baseline | undefined {
  const { option, policy } = choice;
  if (option === false) return undefined;
  if (typeof option === 'string') {
    const abs = resolve(choice.cwd, option);
    const rel = toPosix(relative(choice.policyRoot, abs));
    if (isRelativePath(rel)) return readVia(policy, rel, '--baseline');
    return parseBaseline(readPolicyFile(abs, option), option);
  }
  if (option === true) return readVia(policy, defaultBaselinePath(policy), '--baseline');
  const named = policy.root.baseline;
  return named === undefined ? undefined : readVia(policy, named, `named by "baseline" in ${policy.root.file ?? 'the config'}`);
}
