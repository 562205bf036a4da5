import type { Rule } from './types';
import { destructiveVerb, hintsOf } from './shared/tool-traits';

/** `capabilities.destructive-without-hint`: annotated, destructive-sounding, but not marked destructive. */
export const destructiveWithoutHintRule: Rule = {
  id: 'capabilities.destructive-without-hint',
  family: 'capabilities',
  severity: 'MEDIUM',
  description:
    'A destructive-sounding tool whose annotations omit destructiveHint or set it to false (and do not claim read-only, which is capabilities.readonly-destructive): hosts may skip the confirmation prompt.',
  manifest(ctx, emit) {
    for (const tool of ctx.view.tools) {
      const verb = destructiveVerb(tool);
      if (!verb) continue;
      const hints = hintsOf(tool);
      if (!hints.present || hints.destructive === true || hints.readOnly === true) continue;
      const how = hints.destructive === false ? 'sets destructiveHint: false' : 'omits destructiveHint';
      emit(
        [...tool.path, 'annotations'],
        `The tool "${tool.name ?? '?'}" sounds destructive ("${verb}") but ${how}.`,
      );
    }
  },
};
