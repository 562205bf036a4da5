import { nameSkeleton } from '../text/confusables';
import type { Rule } from './types';
import { knownNames, splitName } from './shared/server-names';

/**
 * `names.lookalike`: the server name reads the same as a known server in another namespace once look-alike
 * characters are folded (`modelcontextprotocoI` with a capital I, `micros0ft`, a Cyrillic `і`).
 */
export const lookalikeNameRule: Rule = {
  id: 'names.lookalike',
  family: 'names',
  severity: 'HIGH',
  description:
    'The server name is a homoglyph of a known server in another namespace: identical after folding confusables and ASCII look-alikes (I/l/1, 0/o, rn/m, Cyrillic and Greek letters).',
  manifest(ctx, emit) {
    const name = ctx.view.name;
    const known = ctx.scan.knownServerNames;
    if (!name || !known || known.length === 0) return;
    const lower = name.toLowerCase();
    const ns = splitName(lower)[0];
    const skeleton = nameSkeleton(name);
    for (const k of knownNames(known)) {
      if (k.name === name || k.skeleton !== skeleton) continue;
      // The owner of a namespace may publish variants of its own names (but not case-only twins).
      if (k.namespaceLower === ns && k.lower !== lower) continue;
      emit(
        ['name'],
        `The server name looks identical to the existing server "${k.name}" (look-alike characters).`,
        name,
      );
      return;
    }
  },
};
