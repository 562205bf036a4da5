import { asString } from '../manifest';
import type { Rule } from './types';
import { RUNTIME_HINT_ALLOWLIST, SHELL_RUNTIMES, runtimeName } from './shared/runtime-hints';

/** `packaging.runtime-hint`: a runtime hint outside the allowlist (shells are `packaging.shell-runtime`). */
export const runtimeHintRule: Rule = {
  id: 'packaging.runtime-hint',
  family: 'packaging',
  severity: 'MEDIUM',
  description: `A package runtime hint outside the allowlist (${RUNTIME_HINT_ALLOWLIST.join(', ')}); shells and downloaders are reported by packaging.shell-runtime.`,
  manifest(ctx, emit) {
    for (const { path, pkg } of ctx.view.packages) {
      const hint = asString(pkg.runtimeHint);
      if (hint === undefined) continue;
      const name = runtimeName(hint);
      if (RUNTIME_HINT_ALLOWLIST.includes(name) || SHELL_RUNTIMES.includes(name)) continue;
      emit(
        [...path, 'runtimeHint'],
        `The runtime hint "${hint}" is not one of ${RUNTIME_HINT_ALLOWLIST.join(', ')}.`,
        hint,
      );
    }
  },
};
