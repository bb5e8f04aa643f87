/**
 * The engine over a document's parts: a notebook's cells are scanned one by one and each
 * finding carries its cell, then the raw notebook with provider rules for what lies outside
 * the cells; any other target (or a notebook that does not parse) is scanned
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
  const onAllowed = options.onAllowed;
  const seen = new Set<string>();
  for (const { target: part, where } of parts) {
    const partOptions: DetectOptions = {
      ...options,
      onAllowed: (finding, allow) => {
        seen.add(finding.secret);
        onAllowed?.({ ...finding, ...where }, allow);
      },
    };
    for (const f of detect(part, ruleset, partOptions)) {
      seen.add(f.secret);
      found.push({ ...f, ...where });
    }
  }
  // The cells are not the whole file: metadata, attachments, image outputs and values hidden
  // behind a duplicate key are never extracted. Provider rules (the `binary` kind turns the
  // generic ones off, which are too noisy on raw JSON and base64) also run over the raw bytes;
  // a secret the cells did not already yield is reported at its raw line and column.
  const rawOptions: DetectOptions = {
    ...options,
    kind: 'binary',
    onAllowed: (finding, allow) => {
      if (!seen.has(finding.secret)) onAllowed?.(finding, allow);
    },
  };
  for (const f of detect(target, ruleset, rawOptions)) if (!seen.has(f.secret)) found.push(f);
  return found;
}
