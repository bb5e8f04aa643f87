import type { Formatter } from '../reported.js';
import { formatGithub } from './github.js';
import { formatGitlab } from './gitlab.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

/** Reporters by `--format` name. Adding a format is one file and one line here. */
export const FORMATTERS: Readonly<Record<string, Formatter>> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  junit: formatJunit,
  gitlab: formatGitlab,
};

/** Formats that may include raw secrets with --show-secrets (SARIF, annotations, CI reports go to dashboards: never). */
export const SHOW_SECRETS_FORMATS = new Set(['text', 'json']);
