import type { Rule } from './types';

/** Capability or category words that justify each permission kind. */
const JUSTIFIED_BY: Record<string, RegExp> = {
  FILE_WRITE:
    /file|fs|filesystem|write|storage|disk|document|docs|editor|edit|note|save|export|upload|download|sync|backup|workspace|project|code|git|repo|media|image|pdf|office|spreadsheet/i,
  EXECUTE:
    /exec|shell|command|terminal|process|run|build|compile|docker|container|script|automat|devops|ci|test|code|sandbox|git|kubernetes|k8s/i,
  PROCESS:
    /exec|shell|command|terminal|process|run|build|docker|container|script|automat|devops|monitor|system|debug|browser/i,
  ENVIRONMENT: /env|config|secret|credential|auth|setting|cloud|deploy/i,
};

/** `capabilities.undeclared-permission`: a powerful permission no declared capability explains. */
export const undeclaredPermissionRule: Rule = {
  id: 'capabilities.undeclared-permission',
  family: 'capabilities',
  severity: 'MEDIUM',
  description:
    'The server declares capabilities, but requests FILE_WRITE, EXECUTE, PROCESS or ENVIRONMENT access that none of its capabilities or categories explains (e.g. a "weather" server asking for PROCESS).',
  manifest(ctx, emit) {
    const labels = [...ctx.view.capabilities, ...ctx.view.categories];
    if (ctx.view.capabilities.length === 0) return;
    for (const p of ctx.view.permissions) {
      const re = p.kind ? JUSTIFIED_BY[p.kind] : undefined;
      if (!re || labels.some((l) => re.test(l))) continue;
      emit(
        [...p.path, 'kind'],
        `${p.kind} is requested but none of the declared capabilities (${ctx.view.capabilities.join(', ')}) needs it.`,
        p.kind,
      );
    }
  },
};
