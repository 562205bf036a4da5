import type { Rule } from './types';
import { where } from './shared/where';

/**
 * `hidden-instructions.quoted-example`: an attack phrase quoted as an example in a sentence about
 * detecting attacks (a prompt-injection scanner describing itself). It still reaches the model, so it is a
 * warning rather than a pass; it replaces the phrase rule's finding. Must run after the phrase rules.
 */
export const quotedExampleRule: Rule = {
  id: 'hidden-instructions.quoted-example',
  family: 'hidden-instructions',
  severity: 'MEDIUM',
  description:
    'An injection phrase quoted as an example in a detection context ("detects phrases like \\"ignore previous instructions\\""); reported instead of the phrase rule.',
  text(item, _ctx, emit) {
    const first = item.quoted[0];
    if (!first) return;
    emit(
      item.path,
      `${where(item.kind)} quotes an injection phrase as an example (${first.ruleId}); the model still reads it.`,
      first.evidence,
    );
  },
};
