/**
 * Inline directives that allow a finding on their line (or the next). Other scanners'
 * directives are honoured so a team can switch without rewriting its code.
 *
 * `leakproof:allow` and `leakproof:allow-next-line` may name the rules they allow:
 * `leakproof:allow github-pat-classic,aws-access-key-id`. The word after the directive is a
 * scope when it contains a hyphen or a comma or is the id of a loaded rule; anything else
 * (`leakproof:allow -- test key`, `leakproof:allow because`) leaves it unscoped. A scope that
 * names no rule of the finding allows nothing, so a misspelt id fails closed.
 */
const OTHER_SAME_LINE = [
  'gitleaks:allow',
  'betterleaks:allow',
  'pragma: allowlist secret',
  'secretlint-disable-line',
  'trufflehog:ignore',
  'kingfisher:ignore',
  'ggignore',
];
const OTHER_NEXT_LINE = ['pragma: allowlist nextline secret', 'secretlint-disable-next-line'];

const OWN_SAME_LINE = 'leakproof:allow';
const OWN_NEXT_LINE = 'leakproof:allow-next-line';
const SCOPE = /^[ \t]+([a-z0-9]+(?:-[a-z0-9]+)*(?:[ \t]*,[ \t]*[a-z0-9]+(?:-[a-z0-9]+)*)*)/;

export interface InlineAllow {
  /** The directive as written (lower-cased), with its rule scope if any. */
  readonly directive: string;
  /** 1-based line that carries the directive. */
  readonly line: number;
}

/** Does the text from `at` on start with one of our directives, and which rules does it name? */
function own(lower: string, at: number, name: string, isRule: (id: string) => boolean): { directive: string; rules?: string[] } | undefined {
  const rest = lower.slice(at + name.length);
  // `leakproof:allowed`, `leakproof:allow_x`: not the directive.
  if (/^[a-z0-9_]/.test(rest)) return undefined;
  const m = SCOPE.exec(rest);
  const words = m?.[1]?.split(',').map((w) => w.trim());
  if (words === undefined) return { directive: name };
  const first = words[0] ?? '';
  const scoped = words.length > 1 || first.includes('-') || isRule(first);
  return scoped ? { directive: `${name} ${words.join(',')}`, rules: words } : { directive: name };
}

function ownDirective(lower: string, nextLine: boolean, ruleId: string, isRule: (id: string) => boolean): string | undefined {
  let at = lower.indexOf(OWN_SAME_LINE);
  while (at !== -1) {
    const isNext = lower.startsWith(OWN_NEXT_LINE, at);
    if (isNext === nextLine) {
      const d = own(lower, at, isNext ? OWN_NEXT_LINE : OWN_SAME_LINE, isRule);
      if (d && (d.rules === undefined || d.rules.includes(ruleId))) return d.directive;
    }
    at = lower.indexOf(OWN_SAME_LINE, at + 1);
  }
  return undefined;
}

/**
 * The directive that allows a finding of `ruleId` starting on `line`, or undefined.
 * `lineText(n)` returns the text of 1-based line n; `isRule` says whether an id is loaded.
 */
export function inlineAllow(
  lineText: (line: number) => string,
  line: number,
  ruleId: string,
  isRule: (id: string) => boolean = () => false,
): InlineAllow | undefined {
  const here = lineText(line).toLowerCase();
  const same = ownDirective(here, false, ruleId, isRule) ?? OTHER_SAME_LINE.find((d) => here.includes(d));
  if (same !== undefined) return { directive: same, line };
  if (line <= 1) return undefined;
  const before = lineText(line - 1).toLowerCase();
  const next = ownDirective(before, true, ruleId, isRule) ?? OTHER_NEXT_LINE.find((d) => before.includes(d));
  return next === undefined ? undefined : { directive: next, line: line - 1 };
}

