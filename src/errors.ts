/**
 * Errors typed by what the CLI does with them. Messages are one line, name the thing at
 * fault, and never carry scanned content.
 */

/** Bad flags or arguments. Exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A config or rules file is invalid or unreadable. Exit 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** A git invocation failed or the directory is not a repository. Exit 2 before scanning. */
export class GitError extends Error {
  override readonly name = 'GitError';
}

/** Something in scope could not be scanned after the scan started. Exit 3. */
export class IncompleteScanError extends Error {
  override readonly name = 'IncompleteScanError';
}

/** The re2 native module cannot be loaded; there is no fallback engine. Exit 2. */
export class RegexEngineUnavailable extends Error {
  override readonly name = 'RegexEngineUnavailable';
}

/** Exit codes: the documented contract (README "Exit codes"). */
export const EXIT = {
  clean: 0,
  findings: 1,
  usage: 2,
  incomplete: 3,
} as const;

/** Errors whose message is meant for the user; anything else is an internal error. */
export function isKnownError(error: unknown): error is Error {
  return (
    error instanceof UsageError ||
    error instanceof ConfigError ||
    error instanceof GitError ||
    error instanceof IncompleteScanError ||
    error instanceof RegexEngineUnavailable
  );
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof IncompleteScanError || !isKnownError(error)) return EXIT.incomplete;
  return EXIT.usage;
}
