/**
 * Config + catalogue → what a scan needs (a layered policy: rulesets and allowlists per
 * folder). Shared by every command that scans (tree, stdin, staged, history, hooks) so they
 * all apply the same policy.
 */
import { relative, resolve } from 'node:path';
import type { RuleSpec } from './model.js';
import { type Config, CONFIG_FILE, DEFAULT_CONFIG, parseConfig, readConfigFile } from './config/config.js';
import { policyRoot } from './config/discover.js';
import { treePolicyFiles } from './config/policy-files.js';
import { createPolicy, isRelativePath, type Policy, type PolicyFiles } from './config/policy.js';
import { toPosix } from './sources/fs-tree.js';

export interface ScanSetup {
  /** The root config. */
  readonly config: Config;
  readonly policy: Policy;
  /** Absolute folder the policy (and baseline paths) are relative to. */
  readonly policyRoot: string;
}

export interface SetupOptions {
  /** Folder the scanned paths are reported relative to (the scan root). */
  readonly root: string;
  /** `--config FILE`: replaces the root config; nested configs still apply. */
  readonly configPath?: string;
  /** Labels in messages are relative to this folder (default: `root`). */
  readonly cwd?: string;
  /** Read configs from here instead of the working tree (`--config-from <rev>`). */
  readonly files?: PolicyFiles;
  /** The folder `files` are relative to (the repository top); required with `files`. */
  readonly top?: string;
  readonly builtin?: readonly RuleSpec[];
  /** See PolicyOptions.checkExamples. */
  readonly checkExamples?: boolean;
}

/** The root config only (for `rules check -c`). */
export function loadConfig(options: SetupOptions): Config {
  if (options.configPath !== undefined) return readConfigFile(options.configPath, options.configPath);
  const top = policyRoot(options.root);
  const files = treePolicyFiles(top, options.cwd ?? options.root);
  const text = files.read(CONFIG_FILE);
  return text === undefined ? DEFAULT_CONFIG : parseConfig(text, files.label(CONFIG_FILE));
}

export function loadSetup(options: SetupOptions): ScanSetup {
  const root = resolve(options.root);
  const top = options.top !== undefined ? resolve(options.top) : policyRoot(root);
  const files = options.files ?? treePolicyFiles(top, options.cwd ?? root);
  const rel = toPosix(relative(top, root));
  const explicit = options.configPath === undefined ? undefined : resolve(options.configPath);
  const explicitRel = explicit === undefined ? undefined : toPosix(relative(top, explicit));
  const policy = createPolicy({
    files,
    prefix: rel === '' ? '' : `${rel}/`,
    ...(explicit !== undefined ? { rootConfig: readConfigFile(explicit, toPosix(relative(options.cwd ?? root, explicit)) || explicit) } : {}),
    ...(explicitRel !== undefined && isRelativePath(explicitRel) ? { rootConfigPath: explicitRel } : {}),
    ...(options.builtin ? { builtin: options.builtin } : {}),
    ...(options.checkExamples !== undefined ? { checkExamples: options.checkExamples } : {}),
  });
  return { config: policy.root, policy, policyRoot: top };
}
