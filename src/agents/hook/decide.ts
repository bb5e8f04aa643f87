/**
 * The hook's decision: the payload's texts through the engine and the bypass check.
 *
 * - Prompts, commands and tool arguments holding a secret are refused (inline `leakproof:allow`
 *   directives do not apply there: they mark lines of files, and a command is not a file).
 * - A file write holding a secret is refused unless the file is ignored by git — an ignored
 *   `.env` is where a secret belongs — or allowlisted by the project's config; inline
 *   directives apply to file content exactly as in `leakproof scan`.
 * - A tool's output holding a secret is flagged, and a redacted copy prepared for hosts that
 *   can replace it.
 * - A command that would skip or disarm git hooks is refused with the reason.
 *
 * Messages name the rule, the line and the redacted preview — never the secret.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { detect, type DetectOptions } from '../../engine/detect.js';
import type { Finding } from '../../model.js';
import type { Ruleset } from '../../rules/compile.js';
import { loadSetup, type ScanSetup } from '../../setup.js';
import { toPosix } from '../../sources/fs-tree.js';
import { findHookBypass } from './bypass.js';
import { type CheckItem, type ParsedPayload, stringLeaves } from './payload.js';

/** What the model gets instead of a tool output whose secrets could not all be redacted. */
export const WITHHELD = '[leakproof: this tool output was withheld because it contains a secret that could not be redacted]';

/**
 * The ruleset's keyword prefilter reads the automaton the build wrote, so a text with no
 * keyword costs no set-up and never loads the regex engine (a native module).
 */
function find(path: string, text: string, ruleset: Ruleset, options: DetectOptions): Finding[] {
  return detect({ path, content: Buffer.from(text, 'utf8') }, ruleset, options);
}

export interface Flag {
  readonly item: CheckItem['kind'];
  /** File the text was headed for, when there is one. */
  readonly path?: string;
  readonly ruleId: string;
  readonly description: string;
  readonly preview: string;
  readonly line: number;
}

export interface Verdict {
  /** Secrets found, grouped by why they matter. */
  readonly flags: readonly Flag[];
  /** Why the command would switch git hooks off. */
  readonly bypass?: string;
  /** Redacted replacement of the tool output (post-tool events with findings). */
  readonly redactedOutput?: unknown;
  /** Writes of secrets that were allowed because git ignores the file. */
  readonly allowedWrites: readonly string[];
}

export interface DecideContext {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Injected in tests; loads the project's policy by default. */
  readonly setup?: ScanSetup;
}

function toFlags(item: CheckItem, findings: readonly Finding[], path?: string): Flag[] {
  return findings.map((f) => ({
    item: item.kind,
    ...(path !== undefined ? { path } : {}),
    ruleId: f.ruleId,
    description: f.description,
    preview: f.preview,
    line: f.line,
  }));
}

export async function decide(payload: ParsedPayload, ctx: DecideContext): Promise<Verdict> {
  const root = resolve(ctx.cwd, payload.cwd ?? '.');
  const setup = ctx.setup ?? loadSetup({ root, checkExamples: false });
  const flags: Flag[] = [];
  const allowedWrites: string[] = [];
  let bypass: string | undefined;
  let redactedOutput: unknown;

  for (const item of payload.items) {
    if (item.text === '') continue;
    if (item.kind === 'write') {
      const abs = item.path === '' ? root : resolve(root, item.path);
      const rel = toPosix(relative(root, abs));
      const inside = rel !== '' && !rel.startsWith('../') && !isAbsolute(rel);
      const path = inside ? rel : toPosix(abs);
      const policy = setup.policy.forPath(path);
      if (policy.pathAllowed) continue;
      const found = find(path, item.text, policy.ruleset, { allowlist: policy.allowlist });
      if (found.length === 0) continue;
      const { gitIgnoreState } = await import('../git-ignore.js');
      if ((await gitIgnoreState(abs, ctx.env)) === 'ignored') {
        allowedWrites.push(path);
        continue;
      }
      flags.push(...toFlags(item, found, path));
      continue;
    }
    const where = item.kind === 'prompt' ? '<prompt>' : item.kind === 'command' ? '<command>' : `<${item.kind}>`;
    const policy = setup.policy.forPath(where);
    const options = { allowlist: policy.allowlist, ignoreInlineAllows: true };
    const found = find(where, item.text, policy.ruleset, options);
    flags.push(...toFlags(item, found));
    if (item.kind === 'command') bypass ??= findHookBypass(item.text);
    if (item.kind === 'tool-output' && found.length > 0 && payload.output !== undefined) {
      // The secrets the scan of this very text reported are what gets replaced; if any of them
      // (or any secret at all, on a re-scan) is left, the output is withheld whole.
      const { redactFindings } = await import('../../redact/text.js');
      const redacted = redactFindings(payload.output, found, policy.ruleset);
      const clean = redacted.complete && find(where, stringLeaves(redacted.value).join('\n'), policy.ruleset, options).length === 0;
      redactedOutput = clean ? redacted.value : WITHHELD;
    }
  }
  return { flags, allowedWrites, ...(bypass !== undefined ? { bypass } : {}), ...(redactedOutput !== undefined ? { redactedOutput } : {}) };
}
