import type { Rule } from './types';
import { isHomeWide, isWildcard } from './shared/permissions';

const READ_LIKE = new Set(['FILE_READ', 'NETWORK', 'ENVIRONMENT']);

/** `capabilities.broad-permission`: read, network or environment access to everything. */
export const broadPermissionRule: Rule = {
  id: 'capabilities.broad-permission',
  family: 'capabilities',
  severity: 'MEDIUM',
  description:
    'FILE_READ, NETWORK or ENVIRONMENT with a wildcard pattern (`*`, `/**`, `https://*`, `0.0.0.0/0`) or a whole home directory (`~/**`).',
  manifest(ctx, emit) {
    for (const p of ctx.view.permissions) {
      if (!p.kind || !READ_LIKE.has(p.kind)) continue;
      const wide = p.patterns.find(
        (x) => isWildcard(x.value) || (p.kind === 'FILE_READ' && isHomeWide(x.value)),
      );
      if (wide)
        emit(wide.path, `${p.kind} is requested for "${wide.value}", which covers everything.`, wide.value);
    }
  },
};
