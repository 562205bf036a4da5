import { editDistance } from '../text/distance';
import { nameSkeleton } from '../text/confusables';
import type { Rule } from './types';
import { knownNames, splitName } from './shared/server-names';

/** Distance allowed for a name of this length: one edit below 24 characters, two from there. */
export function typoBudget(length: number): number {
  return length < 24 ? 1 : 2;
}

/**
 * `names.typosquat`: a server name within one or two edits of a known server in *another* namespace
 * (the owner of a namespace may publish look-alike names of its own servers).
 */
export const typosquatRule: Rule = {
  id: 'names.typosquat',
  family: 'names',
  severity: 'MEDIUM',
  description:
    'The server name is within one edit (two for names of 24+ characters) of a known server in another namespace, e.g. `io.github.githuh/github-mcp-server`; look-alikes after confusable folding are `names.lookalike` instead.',
  manifest(ctx, emit) {
    const name = ctx.view.name;
    const known = ctx.scan.knownServerNames;
    if (!name || !known || known.length === 0) return;
    const lower = name.toLowerCase();
    const ns = splitName(lower)[0];
    const skeleton = nameSkeleton(name);
    const budget = typoBudget(lower.length);
    let best: { name: string; d: number } | undefined;
    for (const k of knownNames(known)) {
      if (k.lower === lower || k.namespaceLower === ns || k.skeleton === skeleton) continue;
      const d = editDistance(lower, k.lower, budget);
      if (d <= budget && (!best || d < best.d)) best = { name: k.name, d };
    }
    if (best) {
      emit(
        ['name'],
        `The server name is ${best.d} edit(s) away from the existing server "${best.name}" in another namespace.`,
        name,
      );
    }
  },
};
