import type { RuleSpec } from '../../src/model.js';
import { buildRuleset, type Ruleset } from '../../src/rules/compile.js';

export function spec(overrides: Partial<RuleSpec> & Pick<RuleSpec, 'id' | 'regex' | 'keywords'>): RuleSpec {
  return {
    description: overrides.id,
    severity: 'high',
    secretGroup: -1,
    tags: [],
    references: [],
    examples: [],
    negativeExamples: [],
    source: 'test.toml',
    ...overrides,
  };
}

export function ruleset(...specs: RuleSpec[]): Ruleset {
  return buildRuleset(specs);
}
