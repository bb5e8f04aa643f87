/** `rules check`: every rule's examples must be reported by it, its negatives must not. */
import type { RuleSpec } from '../model.js';
import { detect } from '../engine/detect.js';
import { buildRuleset, validateRules } from './compile.js';

export interface ExampleFailure {
  readonly ruleId: string;
  readonly source: string;
  readonly kind: 'example' | 'negativeExample';
  readonly index: number;
}

/** Runs each example through the full engine with only its own rule loaded. */
export function checkRules(specs: readonly RuleSpec[]): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  for (const spec of specs) {
    const ruleset = buildRuleset([spec]);
    validateRules(ruleset);
    const path = spec.paths === undefined ? 'example.txt' : examplePath(spec);
    const reports = (text: string): boolean =>
      detect({ path, content: Buffer.from(text, 'utf8') }, ruleset).some((f) => f.ruleId === spec.id);
    spec.examples.forEach((text, index) => {
      if (!reports(text)) failures.push({ ruleId: spec.id, source: spec.source, kind: 'example', index });
    });
    spec.negativeExamples.forEach((text, index) => {
      if (reports(text)) failures.push({ ruleId: spec.id, source: spec.source, kind: 'negativeExample', index });
    });
  }
  return failures;
}

/** Path-scoped rules name the path their examples are checked under with an `example-path:<file>` tag. */
function examplePath(spec: RuleSpec): string {
  const hint = spec.tags.find((t) => t.startsWith('example-path:'));
  return hint === undefined ? 'example.txt' : hint.slice('example-path:'.length);
}
