/**
 * The pre-commit framework (pre-commit.com) owns `.git/hooks/pre-commit` and reinstalls it at
 * will, so leakproof is not installed over it: we print the entry to add to its config.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PRE_COMMIT_CONFIG = '.pre-commit-config.yaml';

export function preCommitConfig(top: string): string | undefined {
  const file = join(top, PRE_COMMIT_CONFIG);
  return existsSync(file) ? file : undefined;
}

export function preCommitRunsGuard(file: string): boolean {
  return /\bleakproof scan\b|\bid:\s*leakproof\b/.test(readFileSync(file, 'utf8'));
}

/** A `repo: local` entry: works with leakproof from devDependencies or on PATH. */
export function preCommitSnippet(prePush: boolean): string {
  const lines = [
    '  - repo: local',
    '    hooks:',
    '      - id: leakproof',
    '        name: leakproof (secrets in staged changes)',
    '        entry: leakproof scan --staged',
    '        language: system',
    '        pass_filenames: false',
    '        always_run: true',
    '        stages: [pre-commit, pre-merge-commit]',
  ];
  if (prePush) {
    lines.push(
      '      - id: leakproof-push',
      '        name: leakproof (secrets in pushed commits)',
      `        entry: sh -c 'exec leakproof scan --git "\${PRE_COMMIT_FROM_REF:+$PRE_COMMIT_FROM_REF..}$PRE_COMMIT_TO_REF"'`,
      '        language: system',
      '        pass_filenames: false',
      '        always_run: true',
      '        stages: [pre-push]',
    );
  }
  return lines.join('\n');
}
