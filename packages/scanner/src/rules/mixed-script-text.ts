import { escapeForDisplay } from '../text/escape';
import { isAscii } from '../text/chars';
import { isConfusable } from '../text/confusables';
import type { Rule } from './types';
import { isIdentifier, where } from './shared/where';

const WORD = /[\p{L}\p{M}]+/gu;
const LATIN = /[A-Za-z]/;

/** A word that mixes ASCII letters with Cyrillic/Greek/Armenian look-alikes. */
export function mixedScriptWord(text: string): string | undefined {
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) {
    const w = m[0];
    if (w.length < 2 || !LATIN.test(w)) continue;
    for (const ch of w) {
      if (ch.charCodeAt(0) >= 0x80 && isConfusable(ch.codePointAt(0)!)) return w;
    }
  }
  return undefined;
}

/** `invisible-characters.mixed-script-text`: prose words disguised with look-alike letters. */
export const mixedScriptTextRule: Rule = {
  id: 'invisible-characters.mixed-script-text',
  family: 'invisible-characters',
  severity: 'MEDIUM',
  description:
    'A word in prose that mixes Latin letters with Cyrillic, Greek or Armenian look-alikes (`Іgnоrе`): a disguise against keyword filters (the phrase rules read the folded form anyway).',
  text(item, _ctx, emit) {
    if (isIdentifier(item.kind) || item.kind === 'param-name' || item.chars === undefined) return;
    if (isAscii(item.raw)) return;
    const word = mixedScriptWord(item.norm.clean);
    if (word)
      emit(
        item.path,
        `${where(item.kind)} disguises the word "${word}" with look-alike letters from another script.`,
        escapeForDisplay(word),
      );
  },
};
