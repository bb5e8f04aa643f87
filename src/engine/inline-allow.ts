/**
 * Inline directives that allow a finding on their line (or the next). Other scanners'
 * directives are honoured so a team can switch without rewriting its code.
 */
const SAME_LINE = [
  'leakproof:allow',
  'gitleaks:allow',
  'betterleaks:allow',
  'pragma: allowlist secret',
  'secretlint-disable-line',
  'trufflehog:ignore',
  'kingfisher:ignore',
  'ggignore',
];
const NEXT_LINE = ['leakproof:allow-next-line', 'pragma: allowlist nextline secret', 'secretlint-disable-next-line'];

function has(line: string, directives: readonly string[]): boolean {
  const lower = line.toLowerCase();
  return directives.some((d) => lower.includes(d));
}

/** `lineText(n)` returns the text of 1-based line n. */
export function inlineAllowed(lineText: (line: number) => string, line: number): boolean {
  const text = lineText(line);
  if (has(text, SAME_LINE) && !has(text, NEXT_LINE)) return true;
  return line > 1 && has(lineText(line - 1), NEXT_LINE);
}
