import { escapeForDisplay, excerpt } from '../text/escape';
import type { Rule } from './types';
import { describeHits } from './shared/codepoints';
import { where } from './shared/where';

/** `invisible-characters.control-characters`: ANSI escapes and C0/C1 control characters. */
export const controlCharactersRule: Rule = {
  id: 'invisible-characters.control-characters',
  family: 'invisible-characters',
  severity: 'HIGH',
  description:
    'ANSI escape sequences and C0/C1 control characters other than tab and line breaks (ESC, backspace, a lone carriage return, DEL, CSI, …) that can hide or overwrite text in terminals and logs.',
  text(item, _ctx, emit) {
    const hits = item.chars.controls;
    if (hits.length === 0) return;
    const ansi = item.chars.ansiSequences;
    emit(
      item.path,
      `${where(item.kind)} contains ${hits.length} control character(s) (${describeHits(hits)})${ansi ? `, including ${ansi} ANSI escape sequence(s)` : ''}.`,
      escapeForDisplay(excerpt(item.raw, hits[0].index, hits[0].index + 1, 30)),
    );
  },
};
