import { escapeForDisplay, excerpt } from '../text/escape';
import type { Rule } from './types';
import { describeHits } from './shared/codepoints';
import { where } from './shared/where';

/** `invisible-characters.zero-width`: zero-width and other invisible format characters. */
export const zeroWidthRule: Rule = {
  id: 'invisible-characters.zero-width',
  family: 'invisible-characters',
  severity: 'HIGH',
  description:
    'Zero-width spaces/joiners, word joiners, soft hyphens, invisible operators or runs of variation selectors, which split words to evade filters or carry hidden data (emoji ZWJ sequences, ZWNJ in Arabic and Indic scripts and a leading BOM are allowed).',
  text(item, _ctx, emit) {
    const hits = item.chars.zeroWidth;
    if (hits.length === 0) return;
    emit(
      item.path,
      `${where(item.kind)} contains ${hits.length} invisible zero-width character(s) (${describeHits(hits)}).`,
      escapeForDisplay(excerpt(item.raw, hits[0].index, hits[0].index + 1, 30)),
    );
  },
};
