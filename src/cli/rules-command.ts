/** `leakproof rules list|check`. */
import type { Command } from 'commander';
import { EXIT } from '../errors.js';
import { checkRules } from '../rules/check.js';
import { loadRuleDir, loadRuleFile, assertUniqueIds } from '../rules/load.js';
import { loadConfig } from '../setup.js';
import type { RuleSpec } from '../model.js';
import type { CliIo, ExitState } from './io.js';
import { resolve } from 'node:path';

export function registerRules(program: Command, io: CliIo, exit: ExitState): void {
  const rules = program.command('rules').description('list or check the rule catalogue');
  rules
    .command('list')
    .description('print every rule: id, severity, description')
    .option('--format <format>', 'text or json', 'text')
    .action((flags: { format: string }) => {
      const specs = loadRuleDir();
      if (flags.format === 'json') {
        io.stdout(`${JSON.stringify(specs.map(({ id, description, severity, keywords, tags, source }) => ({ id, description, severity, keywords, tags, source })), null, 2)}\n`);
        return;
      }
      const width = Math.max(...specs.map((s) => s.id.length));
      for (const s of specs) io.stdout(`${s.id.padEnd(width)}  ${s.severity.padEnd(6)}  ${s.description}\n`);
      io.stdout(`${specs.length} rules in ${new Set(specs.map((s) => s.source)).size} files\n`);
    });
  rules
    .command('check')
    .description('validate every rule and run its examples; non-zero on any mismatch')
    .argument('[files...]', 'rule files to check instead of the built-in catalogue')
    .option('-c, --config <file>', 'also check the custom rules of this config file')
    .action((files: string[], flags: { config?: string }) => {
      const specs: RuleSpec[] = files.length > 0 ? files.flatMap((f) => loadRuleFile(resolve(io.cwd, f), f)) : loadRuleDir();
      if (flags.config !== undefined) specs.push(...loadConfig({ root: io.cwd, configPath: resolve(io.cwd, flags.config) }).rules);
      assertUniqueIds(specs);
      const failures = checkRules(specs);
      for (const f of failures) {
        const what = f.kind === 'example' ? 'example' : 'negative example';
        io.stderr(`${f.source}: rule "${f.ruleId}": ${what} #${f.index + 1} ${f.kind === 'example' ? 'is not reported' : 'is reported'}\n`);
      }
      const total = specs.reduce((n, s) => n + s.examples.length + s.negativeExamples.length, 0);
      io.stdout(`${specs.length} rules, ${total} examples: ${total - failures.length} passed, ${failures.length} failed\n`);
      exit.code = failures.length > 0 ? EXIT.findings : EXIT.clean;
    });
}
