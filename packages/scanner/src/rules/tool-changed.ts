import type { Rule } from './types';

/** `rug-pull.tool-changed`: a tool pinned in the previous version changed under the same name. */
export const toolChangedRule: Rule = {
  id: 'rug-pull.tool-changed',
  family: 'rug-pull',
  severity: 'MEDIUM',
  description:
    'A tool with the same name as in the previous version has a different pin (SHA-256 over the canonical JSON of name, title, description, inputSchema, outputSchema, annotations): users approved the old definition.',
  after(ctx, emit) {
    const changes = ctx.toolChanges;
    if (!changes || !ctx.previous) return;
    for (const change of changes.changed) {
      const tool = ctx.view.tools.find((t) => t.name === change.name);
      emit(
        tool ? tool.path : [...ctx.view.blockPath, 'tools'],
        `The tool "${change.name}" changed since version ${ctx.previous.version} (${change.fields.join(', ')}).`,
        `pin ${change.beforeHash.slice(0, 12)}… → ${change.afterHash.slice(0, 12)}…`,
      );
    }
  },
};
