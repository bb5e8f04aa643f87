/**
 * Config + catalogue → what a scan needs (ruleset, allowlists). Shared by every command that
 * scans (tree, stdin, staged, history, hooks) so they all apply the same policy.
 */
import { ConfigError } from './errors.js';
import type { RuleSpec } from './model.js';
import { type Config, DEFAULT_CONFIG, readConfigFile } from './config/config.js';
import { discoverConfig } from './config/discover.js';
import type { GlobalAllowlist } from './engine/detect.js';
import { compile } from './engine/regex.js';
import { builtinRules } from './rules/catalog.js';
import { checkRules } from './rules/check.js';
import { assertUniqueIds } from './rules/load.js';
import { buildRuleset, type Ruleset, validateRules } from './rules/compile.js';

export interface ScanSetup {
  readonly config: Config;
  readonly ruleset: Ruleset;
  readonly allowlist: GlobalAllowlist;
  readonly allowPaths: readonly string[];
  /**
   * True for a finding that is one of the config's own rule examples, in the config file
   * itself: custom rules must carry examples, and those must not fail the scan.
   */
  readonly isOwnExample: (file: string, secret: string) => boolean;
}

export interface SetupOptions {
  /** Folder whose config applies (the scan root). */
  readonly root: string;
  /** `--config FILE`: overrides discovery. */
  readonly configPath?: string;
}

export function loadConfig(options: SetupOptions): Config {
  if (options.configPath !== undefined) return readConfigFile(options.configPath, options.configPath);
  const found = discoverConfig(options.root);
  return found ? readConfigFile(found.path, found.label) : DEFAULT_CONFIG;
}

export function setupFromConfig(config: Config, builtin: readonly RuleSpec[] = builtinRules()): ScanSetup {
  const known = new Set([...builtin, ...config.rules].map((r) => r.id));
  for (const id of config.disabledRules) {
    if (!known.has(id)) throw new ConfigError(`${config.file ?? 'config'}: disabledRules names unknown rule "${id}"`);
  }
  const disabled = new Set(config.disabledRules);
  const userIds = new Set(config.rules.map((r) => r.id));
  // A user rule with a built-in id replaces the built-in one.
  const specs = [...builtin.filter((r) => !userIds.has(r.id)), ...config.rules].filter((r) => !disabled.has(r.id));
  assertUniqueIds(config.rules);
  if (config.rules.length > 0) {
    const own = buildRuleset(config.rules);
    validateRules(own);
    const failure = checkRules(config.rules)[0];
    if (failure) {
      throw new ConfigError(`${failure.source}: rule "${failure.ruleId}": ${failure.kind} #${failure.index + 1} does not behave as declared`);
    }
  }
  const where = config.file ?? 'config';
  return {
    config,
    ruleset: buildRuleset(specs),
    allowlist: {
      regexes: config.allowlist.regexes.map((r, i) => compile(r, `${where}: allowlist.regexes[${i}]`)),
      stopwords: config.allowlist.stopwords,
    },
    allowPaths: config.allowlist.paths,
    isOwnExample: (file, secret) =>
      file === config.file && config.rules.some((r) => [...r.examples, ...r.negativeExamples].some((e) => e.includes(secret))),
  };
}

export function loadSetup(options: SetupOptions): ScanSetup {
  return setupFromConfig(loadConfig(options));
}
