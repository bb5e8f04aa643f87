/** Commands that skip or disarm git hooks are refused; ordinary git use is not. */
import { describe, expect, it } from 'vitest';
import { findHookBypass } from '../../../src/agents/hook/bypass.js';
import { splitCommands } from '../../../src/agents/hook/shell-words.js';

describe('findHookBypass', () => {
  const refused = [
    'git commit --no-verify -m "wip"',
    'git commit -n -m wip',
    'git commit -anm wip',
    'git commit --no-veri -m wip',
    'git add . && git commit -qnm "fix"',
    'git push --no-verify origin main',
    'git merge --no-verify feature',
    'git pull --no-verify',
    'git -c core.hooksPath=/dev/null commit -m x',
    'git -c core.hookspath=. commit -m x',
    'git --config-env=core.hooksPath=EMPTY commit -m x',
    'git config core.hooksPath .no-hooks',
    'git config --global core.hooksPath /tmp/none',
    'git config --unset core.hooksPath',
    'git config set core.hooksPath /tmp',
    'HUSKY=0 git commit -m x',
    'LEFTHOOK=0 git commit -m x',
    'LEFTHOOK=false git push',
    'SKIP=leakproof git commit -m x',
    'env HUSKY=0 git commit -m x',
    'export HUSKY=0',
    'export HUSKY=0; git commit -m x',
    'GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.hooksPath GIT_CONFIG_VALUE_0=/dev/null git commit -m x',
    'bash -c "git commit --no-verify -m x"',
    'sh -c \'HUSKY=0 git commit -m x\'',
    'echo "$(git commit -n -m x)"',
    'cd repo && sudo git commit --no-verify',
    'rm -rf .git/hooks',
    'chmod -x .git/hooks/pre-commit',
    'mv .husky/pre-commit /tmp/',
    'echo "" > .git/hooks/pre-commit',
    'bash <<EOF\ngit commit --no-verify -m x\nEOF',
    '/usr/bin/git commit --no-verify',
  ];
  for (const command of refused) {
    it(`refuses: ${command.replace(/\n/g, '\\n')}`, () => {
      expect(findHookBypass(command)).toBeTypeOf('string');
    });
  }

  const allowed = [
    'git commit -m "no-verify is mentioned in the message"',
    'git commit -m n',
    'git commit -mn',
    'git commit -S -m signed',
    'git commit --verify -m x',
    'git push origin main',
    'git log -n 5',
    'git config core.hooksPath',
    'git config --get core.hooksPath',
    'git config user.name Dev',
    'npm test -- --no-verify',
    'echo git commit --no-verify',
    'grep -rn "no-verify" docs/',
    'cat > notes.md <<\'EOF\'\nnever run git commit --no-verify\nEOF',
    'HUSKY=1 git commit -m x',
    'SKIP= git commit -m x',
    'ls .git/hooks',
    'cat .husky/pre-commit',
    '# git commit --no-verify\nnpm test',
  ];
  for (const command of allowed) {
    it(`allows: ${command.replace(/\n/g, '\\n')}`, () => {
      expect(findHookBypass(command)).toBeUndefined();
    });
  }

  it('explains what it refused', () => {
    expect(findHookBypass('git commit -n -m x')).toMatch(/--no-verify.*skips the hooks/);
    expect(findHookBypass('HUSKY=0 git commit')).toMatch(/husky/);
    expect(findHookBypass('git config core.hooksPath x')).toMatch(/core\.hooksPath/);
  });
});

describe('splitCommands', () => {
  it('splits on separators and keeps quoted words whole', () => {
    expect(splitCommands(`a 'b c' "d \\"e\\"" && f|g; h`)).toEqual([['a', 'b c', 'd "e"'], ['f'], ['g'], ['h']]);
  });
  it('parses command substitutions as commands of their own', () => {
    expect(splitCommands('echo $(git status) `date`')).toEqual([['git', 'status'], ['date'], ['echo', '$(…)', '$(…)']]);
  });
});
