import type { Rule } from './types';
import { isHomeWide, isWildcard } from './shared/permissions';

const POWERFUL = new Set(['FILE_WRITE', 'EXECUTE', 'PROCESS']);

/** `capabilities.wildcard-permission`: write, execute or process control over everything. */
export const wildcardPermissionRule: Rule = {
  id: 'capabilities.wildcard-permission',
  family: 'capabilities',
  severity: 'HIGH',
  description:
    'FILE_WRITE, EXECUTE or PROCESS with a pattern that covers everything (`*`, `/**`, `~/**`, `C:\\`): the server can change or run anything.',
  manifest(ctx, emit) {
    for (const p of ctx.view.permissions) {
      if (!p.kind || !POWERFUL.has(p.kind)) continue;
      const wide = p.patterns.find(
        (x) => isWildcard(x.value) || (p.kind === 'FILE_WRITE' && isHomeWide(x.value)),
      );
      if (wide)
        emit(wide.path, `${p.kind} is requested for "${wide.value}", which covers everything.`, wide.value);
    }
  },
};
