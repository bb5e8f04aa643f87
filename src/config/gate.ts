/**
 * The CI gate without self-service allowlists (`scan --git <base>..HEAD --config-from <base>`):
 * findings are judged by the configs and baseline of the base revision, and the change's own
 * policy (the working tree) is kept only to say, per finding, that the change tried to allow it.
 */
import { ConfigError, GitError } from '../errors.js';
import type { Baseline } from '../baseline/baseline-file.js';
import { loadBaseline } from '../baseline/baseline-load.js';
import { openRepo } from '../git/repo.js';
import type { ProposedPolicy } from '../scan.js';
import { loadSetup, type ScanSetup } from '../setup.js';
import { gitPolicyFiles, resolveCommit } from './policy-git.js';

export interface GateSetup {
  /** Policy of the base revision: what the scan applies. */
  readonly setup: ScanSetup;
  readonly baseline: Baseline | undefined;
  /** Policy of the change (working tree), to flag self-allowing changes. */
  readonly proposed: ProposedPolicy;
}

export interface GateOptions {
  readonly rev: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--baseline` as given: the same file is read from the base and from the change. */
  readonly baselineOption: string | boolean | undefined;
}

export function loadGate(options: GateOptions): GateSetup {
  const repo = openRepo(options.cwd, options.env);
  if (repo.top === undefined) throw new GitError('--config-from needs a working tree (the change\'s own policy is compared against the base)');
  const commit = resolveCommit(repo, options.rev, '--config-from');
  const files = gitPolicyFiles(repo, commit, options.rev);
  const base = loadSetup({ root: repo.top, top: repo.top, cwd: options.cwd, files });
  const baseline = loadBaseline({ option: options.baselineOption, policy: base.policy, policyRoot: repo.top, cwd: options.cwd });

  const change = loadSetup({ root: repo.top, top: repo.top, cwd: options.cwd });
  const changeBaseline = loadChangeBaseline(options.baselineOption, change, repo.top, options.cwd);
  return {
    setup: base,
    baseline,
    proposed: { policy: change.policy, ...(changeBaseline ? { baseline: changeBaseline } : {}), label: 'a .leakproof.toml in this change' },
  };
}

/** The same baseline choice, read from the working tree (or one the change's config names). */
function loadChangeBaseline(option: string | boolean | undefined, setup: ScanSetup, top: string, cwd: string): Baseline | undefined {
  try {
    return loadBaseline({ option, policy: setup.policy, policyRoot: top, cwd });
  } catch (error) {
    // A baseline the change deletes allows nothing; a malformed one still fails loudly.
    if (error instanceof ConfigError && /baseline not found/.test(error.message)) return undefined;
    throw error;
  }
}
