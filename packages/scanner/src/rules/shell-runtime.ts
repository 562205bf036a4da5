import { asString } from '../manifest';
import type { Rule } from './types';
import { SHELL_RUNTIMES, runtimeName } from './shared/runtime-hints';

/** `packaging.shell-runtime`: the package is started through a shell, downloader or sudo. */
export const shellRuntimeRule: Rule = {
  id: 'packaging.shell-runtime',
  family: 'packaging',
  severity: 'HIGH',
  description:
    'The package runtime hint is a shell, a downloader or a privilege-escalation command (`bash`, `sh`, `powershell`, `cmd`, `curl`, `sudo`, …): the host would run arbitrary command strings.',
  manifest(ctx, emit) {
    for (const { path, pkg } of ctx.view.packages) {
      const hint = asString(pkg.runtimeHint);
      if (hint !== undefined && SHELL_RUNTIMES.includes(runtimeName(hint))) {
        emit([...path, 'runtimeHint'], `The runtime hint "${hint}" runs arbitrary command strings.`, hint);
      }
    }
  },
};
