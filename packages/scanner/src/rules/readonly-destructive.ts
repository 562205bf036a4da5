import type { Rule } from './types';
import { destructiveVerb, hintsOf } from './shared/tool-traits';

/** `capabilities.readonly-destructive`: a destructive-sounding tool that claims to be read-only. */
export const readonlyDestructiveRule: Rule = {
  id: 'capabilities.readonly-destructive',
  family: 'capabilities',
  severity: 'HIGH',
  description:
    'A destructive-sounding tool annotated readOnlyHint: true: hosts auto-approve read-only tools, so a false claim removes the user’s confirmation step.',
  manifest(ctx, emit) {
    for (const tool of ctx.view.tools) {
      const verb = destructiveVerb(tool);
      if (verb && hintsOf(tool).readOnly === true) {
        emit(
          [...tool.path, 'annotations', 'readOnlyHint'],
          `The tool "${tool.name ?? '?'}" sounds destructive ("${verb}") but claims to be read-only.`,
        );
      }
    }
  },
};
