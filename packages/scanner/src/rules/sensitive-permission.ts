import type { Rule } from './types';
import { persistencePathIn, sensitivePathIn } from './shared/permissions';

/** `capabilities.sensitive-permission`: file access to credential or agent-configuration paths. */
export const sensitivePermissionRule: Rule = {
  id: 'capabilities.sensitive-permission',
  family: 'capabilities',
  severity: 'HIGH',
  description:
    'FILE_READ or FILE_WRITE patterns that reach credential or agent-configuration paths (`~/.ssh`, `.aws/credentials`, `mcp.json`, …).',
  manifest(ctx, emit) {
    for (const p of ctx.view.permissions) {
      if (p.kind !== 'FILE_READ' && p.kind !== 'FILE_WRITE') continue;
      for (const x of p.patterns) {
        const hit =
          sensitivePathIn(x.value) ?? (p.kind === 'FILE_WRITE' ? persistencePathIn(x.value) : undefined);
        if (hit) {
          emit(x.path, `${p.kind} is requested for the sensitive path "${x.value}".`, x.value);
          break;
        }
      }
    }
  },
};
