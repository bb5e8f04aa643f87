/**
 * The engine over a document's parts: a notebook's cells are scanned one by one and each
 * finding carries its cell; any other target (or a notebook that does not parse) is scanned
 * as it is. Used wherever a whole file is matched, so positions agree everywhere.
 */
import type { Finding, ScanTarget } from '../model.js';
import type { Ruleset } from '../rules/compile.js';
import { detect, type DetectOptions } from '../engine/detect.js';
import { notebookParts } from './notebook.js';

export function detectDocument(target: ScanTarget, ruleset: Ruleset, options: DetectOptions = {}): Finding[] {
  const parts = notebookParts(target);
  if (parts === undefined) return detect(target, ruleset, options);
  const found: Finding[] = [];
  for (const { target: part, where } of parts) {
    const onAllowed = options.onAllowed;
    const partOptions: DetectOptions = onAllowed ? { ...options, onAllowed: (finding, allow) => onAllowed({ ...finding, ...where }, allow) } : options;
    for (const f of detect(part, ruleset, partOptions)) found.push({ ...f, ...where });
  }
  return found;
}
