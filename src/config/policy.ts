/**
 * Layered policy for monorepos: the root `.leakproof.toml` plus nested ones in sub-folders,
 * each applying to the files under its folder and inheriting from the configs above it.
 * Configs are read lazily and once per folder, so a tree scan pays one existence check per
 * folder and a rules build per distinct rule set.
 *
 * Inheritance (root → nearest): `extend.useDefault` — the nearest config that sets it wins;
 * `disabledRules` — union; `[severity]` — the nearest wins per rule; `[[rules]]` — a deeper
 * rule with the same id replaces the shallower one; `[allowlist]` — every layer applies, path
 * globs and path regexes relative to the folder of the config that declares them.
 */
import { ConfigError } from '../errors.js';
import type { RuleSpec } from '../model.js';
import type { GlobalAllowlist } from '../engine/detect.js';
import { compile, type CompiledPattern } from '../engine/regex.js';
import { builtinRules } from '../rules/catalog.js';
import { checkRules } from '../rules/check.js';
import { assertUniqueIds } from '../rules/load.js';
import { buildRuleset, lazyCatalogRuleset, type Ruleset, validateRules } from '../rules/compile.js';
import { CONFIG_FILE, type Config, DEFAULT_CONFIG, parseConfig } from './config.js';
import { keyLine, where } from './locate.js';
import type { Ignore } from 'ignore';
import { newIgnore as ignore } from '../sources/ignore-matcher.js';

/** Where policy files come from: the working tree, or a git revision (`--config-from`). */
export interface PolicyFiles {
  /** Text of `rel` (`/`-separated, relative to the policy root); undefined when absent. */
  read(rel: string): string | undefined;
  /** How `rel` is named in messages. */
  label(rel: string): string;
}

export interface PathPolicy {
  readonly ruleset: Ruleset;
  readonly allowlist: GlobalAllowlist;
  /** The path is allowlisted by a config: it is not scanned at all. */
  readonly pathAllowed: boolean;
}

export interface Policy {
  /** The root config (`--config FILE`, or `.leakproof.toml` at the policy root, or defaults). */
  readonly root: Config;
  /** Policy for a path as reported (relative to the scan root). */
  forPath(path: string): PathPolicy;
  /** The reported path relative to the policy root (baseline entries are keyed by it). */
  rootPath(path: string): string;
  /**
   * True when `secret`, found in the config file at `path`, is one of that config's own rule
   * examples: custom rules must carry examples, and those must not fail the scan.
   */
  isOwnExample(path: string, secret: string): boolean;
  /** Config files read so far, by label (for notes in the report). */
  readonly files: PolicyFiles;
}

export interface PolicyOptions {
  readonly files: PolicyFiles;
  /** Replaces the root config (`--config FILE`); nested configs still apply below it. */
  readonly rootConfig?: Config;
  /** Where `rootConfig` lives relative to the policy root, when it is inside it. */
  readonly rootConfigPath?: string;
  /** The scan root relative to the policy root: '' or a folder ending in '/'. */
  readonly prefix?: string;
  readonly builtin?: readonly RuleSpec[];
  /**
   * Run custom rules' examples before using them (default). The hooks (pre-commit, pre-push,
   * agent) turn this off: they run on every commit or tool call, and a config whose examples
   * fail is still refused by every other scan and by `leakproof rules check -c`. Compiling
   * the rules (syntax, empty matches, capture groups) is never skipped.
   */
  readonly checkExamples?: boolean;
}

interface Layer {
  /** Folder of the config relative to the policy root: '' or ending in '/'. */
  readonly dir: string;
  readonly config: Config;
  readonly globs: Ignore | undefined;
  readonly pathRegexes: readonly CompiledPattern[];
}

interface Scope {
  readonly layers: readonly Layer[];
  /** The rules of `ruleset`; a function, as the built-in catalogue is read on first use. */
  readonly specs: () => readonly RuleSpec[];
  readonly ruleset: Ruleset;
  readonly allowlist: GlobalAllowlist;
}

/** The rules a policy starts from, and their ruleset when it can be had without reading them. */
interface Builtin {
  readonly specs: () => readonly RuleSpec[];
  readonly ruleset: Ruleset | undefined;
}

/** Whether a config changes which rules run or how; one that does not runs its parent's ruleset. */
function changesRules(config: Config): boolean {
  return config.rules.length > 0 || config.useDefault !== undefined || config.disabledRules.length > 0 || Object.keys(config.severity).length > 0;
}

/** `ignore` accepts relative paths only; anything else (absolute, `../`) is never allowlisted. */
export function isRelativePath(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.startsWith('../') && !/^[A-Za-z]:/.test(path);
}

function makeLayer(dir: string, config: Config): Layer {
  const file = config.file ?? 'config';
  const { paths, pathRegexes } = config.allowlist;
  const globs = paths.length > 0 ? ignore().add([...paths]) : undefined;
  return { dir, config, globs, pathRegexes: pathRegexes.map((r, i) => compile(r, `${file}: allowlist.pathRegexes[${i}]`)) };
}

/**
 * Custom rules must compile before they are used, and pass their own examples unless the
 * caller is a hook (see PolicyOptions.checkExamples).
 */
function checkCustomRules(config: Config, examples: boolean): void {
  if (config.rules.length === 0) return;
  assertUniqueIds(config.rules);
  validateRules(buildRuleset(config.rules));
  if (!examples) return;
  const failure = checkRules(config.rules)[0];
  if (failure) {
    const what = failure.kind === 'example' ? 'example' : 'negative example';
    const wrong = failure.kind === 'example' ? 'is not reported' : 'is reported';
    throw new ConfigError(`${failure.source}: rule "${failure.ruleId}": ${what} #${failure.index + 1} ${wrong}`);
  }
}

function sameSpecs(a: readonly RuleSpec[], b: readonly RuleSpec[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function allowlistOf(parent: Scope | undefined, layer: Layer): GlobalAllowlist {
  const file = layer.config.file ?? 'config';
  const own = layer.config.allowlist;
  return {
    regexes: [...(parent?.allowlist.regexes ?? []), ...own.regexes.map((r, i) => compile(r, `${file}: allowlist.regexes[${i}]`))],
    stopwords: [...(parent?.allowlist.stopwords ?? []), ...own.stopwords],
  };
}

function makeScope(parent: Scope | undefined, layer: Layer, builtin: Builtin, text: string | undefined, examples: boolean): Scope {
  const layers = parent ? [...parent.layers, layer] : [layer];
  const file = layer.config.file ?? 'config';
  const line = (key: string): number | undefined => (text === undefined ? undefined : keyLine(text, key));
  checkCustomRules(layer.config, examples);
  if (!changesRules(layer.config)) {
    // Its rules are its parent's (the same specs, so the same ruleset and compiled regexes), or
    // at the root the catalogue's, read only once a text holds one of their keywords.
    if (parent !== undefined) return { layers, specs: parent.specs, ruleset: parent.ruleset, allowlist: allowlistOf(parent, layer) };
    if (builtin.ruleset !== undefined) return { layers, specs: builtin.specs, ruleset: builtin.ruleset, allowlist: allowlistOf(parent, layer) };
  }
  const builtinSpecs = builtin.specs();

  const custom = new Map<string, RuleSpec>();
  let useDefault = true;
  const disabled = new Set<string>();
  const severity = new Map<string, RuleSpec['severity']>();
  for (const l of layers) {
    for (const r of l.config.rules) custom.set(r.id, r);
    if (l.config.useDefault !== undefined) useDefault = l.config.useDefault;
    for (const id of l.config.disabledRules) disabled.add(id);
    for (const [id, s] of Object.entries(l.config.severity)) severity.set(id, s);
  }
  const known = new Set([...builtinSpecs.map((r) => r.id), ...custom.keys()]);
  for (const id of layer.config.disabledRules) {
    if (!known.has(id)) throw new ConfigError(`${where(file, line('disabledRules'))}: disabledRules names unknown rule "${id}"`);
  }
  for (const id of Object.keys(layer.config.severity)) {
    if (!known.has(id)) throw new ConfigError(`${where(file, line(`severity.${id}`))}: severity names unknown rule "${id}"`);
  }

  const base = useDefault ? builtinSpecs.filter((r) => !custom.has(r.id)) : [];
  const specs = [...base, ...custom.values()]
    .filter((r) => !disabled.has(r.id))
    .map((r) => {
      const s = severity.get(r.id);
      return s === undefined || s === r.severity ? r : { ...r, severity: s };
    });
  if (specs.length === 0) {
    // A config that turns every rule off would make every scan "clean": refuse it (fail closed).
    throw new ConfigError(`${where(file, line('extend.useDefault') ?? line('disabledRules'))}: no rules left to run (extend.useDefault = false without [[rules]], or every rule disabled)`);
  }
  const allowlist = allowlistOf(parent, layer);
  // A nested config that changes rules back to its parent's set shares the parent's ruleset.
  const ruleset = parent && sameSpecs(parent.specs(), specs) ? parent.ruleset : buildRuleset(specs);
  return { layers, specs: parent && parent.ruleset === ruleset ? parent.specs : () => specs, ruleset, allowlist };
}

export function createPolicy(options: PolicyOptions): Policy {
  const { files } = options;
  let specs: readonly RuleSpec[] | undefined = options.builtin;
  const builtinSpecs = (): readonly RuleSpec[] => (specs ??= builtinRules());
  const builtin: Builtin = { specs: builtinSpecs, ruleset: options.builtin === undefined ? lazyCatalogRuleset() : undefined };
  const prefix = options.prefix ?? '';
  const scopes = new Map<string, Scope>();
  /** Config files by path relative to the policy root. */
  const configs = new Map<string, Config>();

  const read = (dir: string): { config: Config; text: string | undefined } | undefined => {
    const rel = `${dir}${CONFIG_FILE}`;
    const text = files.read(rel);
    if (text === undefined) return undefined;
    const config = parseConfig(text, files.label(rel));
    configs.set(rel, config);
    return { config, text };
  };
  const rootRead = options.rootConfig ? { config: options.rootConfig, text: undefined } : read('');
  const root = rootRead?.config ?? DEFAULT_CONFIG;
  if (options.rootConfig && options.rootConfigPath !== undefined) configs.set(options.rootConfigPath, options.rootConfig);
  const examples = options.checkExamples ?? true;
  const rootScope = makeScope(undefined, makeLayer('', root), builtin, rootRead?.text, examples);
  scopes.set('', rootScope);

  const scopeFor = (dir: string): Scope => {
    const cached = scopes.get(dir);
    if (cached) return cached;
    const parentDir = dir.slice(0, dir.slice(0, -1).lastIndexOf('/') + 1);
    const parent = scopeFor(parentDir);
    const found = read(dir);
    const scope = found ? makeScope(parent, makeLayer(dir, found.config), builtin, found.text, examples) : parent;
    scopes.set(dir, scope);
    return scope;
  };

  const rootPath = (path: string): string => (isRelativePath(path) ? prefix + path : path);

  return {
    root,
    files,
    rootPath,
    isOwnExample(path, secret) {
      const config = configs.get(rootPath(path));
      return config?.rules.some((r) => [...r.examples, ...r.negativeExamples].some((e) => e.includes(secret))) ?? false;
    },
    forPath(path) {
      if (!isRelativePath(path)) return { ruleset: rootScope.ruleset, allowlist: rootScope.allowlist, pathAllowed: false };
      const rel = rootPath(path);
      const scope = scopeFor(rel.slice(0, rel.lastIndexOf('/') + 1));
      const pathAllowed = scope.layers.some((l) => {
        if (!rel.startsWith(l.dir)) return false;
        const local = rel.slice(l.dir.length);
        return (l.globs?.ignores(local) ?? false) || l.pathRegexes.some((re) => re.test(local));
      });
      return { ruleset: scope.ruleset, allowlist: scope.allowlist, pathAllowed };
    },
  };
}
