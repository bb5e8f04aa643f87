import type { Formatter } from '../reported.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

/** Reporters by `--format` name. Adding a format is one file and one line here. */
export const FORMATTERS: Readonly<Record<string, Formatter>> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
};

/** Formats that may include raw secrets with --show-secrets (SARIF goes to dashboards: never). */
export const SHOW_SECRETS_FORMATS = new Set(['text', 'json']);
