import { escapeForDisplay } from '../text/escape';
import { isAscii } from '../text/chars';
import { isConfusable } from '../text/confusables';
import type { Rule } from './types';

const ASCII_LETTER = /[A-Za-z]/;

/** `names.homoglyph-identifier`: a server, tool or parameter name spelled with look-alike letters. */
export const homoglyphIdentifierRule: Rule = {
  id: 'names.homoglyph-identifier',
  family: 'names',
  severity: 'HIGH',
  description:
    'A server, tool or parameter name mixes ASCII letters with Cyrillic, Greek or Armenian look-alikes (`reаd_file` with a Cyrillic а), so it impersonates another identifier.',
  text(item, _ctx, emit) {
    if (item.kind !== 'server-name' && item.kind !== 'tool-name' && item.kind !== 'param-name') return;
    if (isAscii(item.raw)) return;
    const chars = [...item.raw.normalize('NFKC')];
    const lookalikes = chars.filter((c) => c.charCodeAt(0) >= 0x80 && isConfusable(c.codePointAt(0)!));
    if (lookalikes.length === 0) return;
    if (item.kind !== 'server-name' && !chars.some((c) => ASCII_LETTER.test(c))) return;
    const list = lookalikes
      .map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`)
      .join(', ');
    const label =
      item.kind === 'server-name'
        ? 'The server name'
        : item.kind === 'tool-name'
          ? 'A tool name'
          : 'A parameter name';
    emit(
      item.path,
      `${label} "${escapeForDisplay(item.raw)}" uses look-alike letters (${list}).`,
      escapeForDisplay(item.raw),
    );
  },
};
