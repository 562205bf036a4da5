import type { Rule } from './types';
import { destructiveVerb, hintsOf } from './shared/tool-traits';

/** `capabilities.destructive-unannotated`: a destructive-sounding tool with no annotations at all. */
export const destructiveUnannotatedRule: Rule = {
  id: 'capabilities.destructive-unannotated',
  family: 'capabilities',
  severity: 'LOW',
  description:
    'A destructive-sounding tool (delete, drop, wipe, kill, …) without any annotations. MCP clients then assume it may be destructive, so this is only a hygiene note.',
  manifest(ctx, emit) {
    for (const tool of ctx.view.tools) {
      const verb = destructiveVerb(tool);
      if (verb && !hintsOf(tool).present) {
        emit(
          [...tool.path, 'name'],
          `The tool "${tool.name ?? '?'}" sounds destructive ("${verb}") but has no annotations; add destructiveHint: true.`,
        );
      }
    }
  },
};
