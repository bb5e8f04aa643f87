/** `leakproof guard install | uninstall | status` and `leakproof doctor`: flags → hooks modules. */
import type { Command } from 'commander';
import { EXIT } from '../errors.js';
import { openRepo } from '../git/repo.js';
import { doctorChecks } from '../hooks/doctor.js';
import { installGlobal, uninstallGlobal } from '../hooks/global.js';
import { describeLocation, guardTarget, hookStatuses, installGuard, shadowedHooks, uninstallGuard } from '../hooks/guard.js';
import { COMMIT_HOOKS, type HookName } from '../hooks/templates.js';
import type { CliIo, ExitState } from './io.js';

interface InstallFlags {
  prePush?: boolean;
  global?: boolean;
}

function print(io: CliIo, lines: readonly string[]): void {
  io.stdout(lines.map((l) => `${l}\n`).join(''));
}

export function registerGuard(program: Command, io: CliIo, exit: ExitState): void {
  const guard = program.command('guard').description('install the git hooks that block commits and pushes adding secrets');
  guard
    .command('install')
    .description('install pre-commit and pre-merge-commit hooks (husky, lefthook and pre-commit framework aware)')
    .option('--pre-push', 'also install a pre-push hook that scans the commits being pushed')
    .option('--global', 'install for every repository through the global core.hooksPath')
    .action((flags: InstallFlags) => {
      const names: HookName[] = [...COMMIT_HOOKS, ...(flags.prePush ? (['pre-push'] as const) : [])];
      const ctx = { cwd: io.cwd, env: io.env };
      print(io, flags.global ? installGlobal(ctx, names) : installGuard(guardTarget(openRepo(io.cwd, io.env)), names));
      exit.code = EXIT.clean;
    });
  guard
    .command('uninstall')
    .description('remove the hooks (restoring any hook they replaced)')
    .option('--global', 'remove the global hooks installed with --global')
    .action((flags: { global?: boolean }) => {
      print(io, flags.global ? uninstallGlobal({ cwd: io.cwd, env: io.env }) : uninstallGuard(guardTarget(openRepo(io.cwd, io.env))));
      exit.code = EXIT.clean;
    });
  guard
    .command('status')
    .description('show which hooks git will run and whether they run leakproof')
    .action(() => {
      const target = guardTarget(openRepo(io.cwd, io.env));
      const shadowed = shadowedHooks(target).map((p) => `warning: ${p} is never run (core.hooksPath points elsewhere)`);
      print(io, [describeLocation(target), ...hookStatuses(target).map((s) => `${s.name}: ${s.detail}`), ...shadowed]);
      exit.code = EXIT.clean;
    });
  for (const cmd of guard.commands) cmd.exitOverride();

  program
    .command('doctor')
    .description('prove the guard works here: hook location, permissions, and a canary secret it must block')
    .action(() => {
      const checks = doctorChecks(guardTarget(openRepo(io.cwd, io.env)));
      const mark = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;
      print(io, checks.map((c) => `${mark[c.level]}  ${c.text}`));
      const broken = checks.some((c) => c.level === 'fail');
      io.stdout(broken ? 'leakproof doctor: the guard is NOT protecting this repository (see FAIL above)\n' : 'leakproof doctor: healthy\n');
      exit.code = broken ? EXIT.findings : EXIT.clean;
    });
}
