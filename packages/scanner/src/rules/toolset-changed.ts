import type { Rule } from './types';

const names = (list: readonly { name?: unknown }[]) =>
  list.map((t) => (typeof t.name === 'string' ? t.name : '?')).join(', ');

/** `rug-pull.toolset-changed`: tools were added or removed since the previous version (informational). */
export const toolsetChangedRule: Rule = {
  id: 'rug-pull.toolset-changed',
  family: 'rug-pull',
  severity: 'INFO',
  description:
    'Tools were added or removed since the previous version (the toolset hash changed); informational.',
  after(ctx, emit) {
    const changes = ctx.toolChanges;
    if (!changes || !ctx.previous || (changes.added.length === 0 && changes.removed.length === 0)) return;
    const parts: string[] = [];
    if (changes.added.length) parts.push(`added ${names(changes.added)}`);
    if (changes.removed.length) parts.push(`removed ${names(changes.removed)}`);
    emit([...ctx.view.blockPath, 'tools'], `Since version ${ctx.previous.version}: ${parts.join('; ')}.`);
  },
};
