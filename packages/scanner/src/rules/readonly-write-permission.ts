import type { Rule } from './types';
import { hintsOf } from './shared/tool-traits';

const WRITE_KINDS = new Set(['FILE_WRITE', 'EXECUTE', 'PROCESS']);

/** `capabilities.readonly-write-permission`: every tool claims read-only, yet write/execute is requested. */
export const readonlyWritePermissionRule: Rule = {
  id: 'capabilities.readonly-write-permission',
  family: 'capabilities',
  severity: 'MEDIUM',
  description:
    'Every tool is annotated readOnlyHint: true, but the server requests FILE_WRITE, EXECUTE or PROCESS permissions it should not need.',
  manifest(ctx, emit) {
    const { tools, permissions } = ctx.view;
    if (tools.length === 0 || !tools.every((t) => hintsOf(t).readOnly === true)) return;
    for (const p of permissions) {
      if (p.kind && WRITE_KINDS.has(p.kind)) {
        emit(
          [...p.path, 'kind'],
          `All tools claim to be read-only, but the server requests ${p.kind}.`,
          p.kind,
        );
      }
    }
  },
};
