import { escapeForDisplay, excerpt } from '../text/escape';
import type { Rule } from './types';
import { describeHits } from './shared/codepoints';
import { where } from './shared/where';

/** `invisible-characters.filler`: blank-looking letters (Braille blank, Hangul fillers). */
export const invisibleFillerRule: Rule = {
  id: 'invisible-characters.filler',
  family: 'invisible-characters',
  severity: 'MEDIUM',
  description:
    'Blank-looking letters and symbols (U+2800 Braille blank, U+3164/U+FFA0/U+115F/U+1160 Hangul fillers) used as padding that survives whitespace trimming.',
  text(item, _ctx, emit) {
    const hits = item.chars.fillers;
    if (hits.length === 0) return;
    emit(
      item.path,
      `${where(item.kind)} contains ${hits.length} blank filler character(s) (${describeHits(hits)}).`,
      escapeForDisplay(excerpt(item.raw, hits[0].index, hits[0].index + 1, 30)),
    );
  },
};
