import { escapeForDisplay, excerpt } from '../text/escape';
import type { Rule } from './types';
import { describeHits } from './shared/codepoints';
import { where } from './shared/where';

/** `invisible-characters.bidi-control`: bidirectional overrides and isolates (Trojan Source). */
export const bidiControlRule: Rule = {
  id: 'invisible-characters.bidi-control',
  family: 'invisible-characters',
  severity: 'HIGH',
  description:
    'Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069), and LRM/RLM/ALM marks in text without right-to-left letters: displayed text differs from what the model reads (Trojan Source).',
  text(item, _ctx, emit) {
    const hits = item.chars.bidi;
    if (hits.length === 0) return;
    emit(
      item.path,
      `${where(item.kind)} contains ${hits.length} bidirectional control character(s) (${describeHits(hits)}) that reorder the displayed text.`,
      escapeForDisplay(excerpt(item.raw, hits[0].index, hits[0].index + 1, 30)),
    );
  },
};
