import { escapeForDisplay } from '../text/escape';
import type { Rule } from './types';
import { where } from './shared/where';

const BLANKS = /[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{40,}/g;
const BREAKS = /(?:(?:\r?\n|\u2028|\u2029)[ \t]*){12,}/g;

/** The first run of `re` (global, maximal runs) that is followed by more text; linear time. */
function paddedRun(raw: string, re: RegExp): RegExpExecArray | undefined {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw)) !== null) {
    if (/\S/.test(raw.slice(m.index + m[0].length))) return m;
  }
  return undefined;
}

/** `invisible-characters.whitespace-padding`: long blank runs that push text out of view. */
export const whitespacePaddingRule: Rule = {
  id: 'invisible-characters.whitespace-padding',
  family: 'invisible-characters',
  severity: 'MEDIUM',
  description:
    'A run of 40+ blanks on one line or 12+ line breaks followed by more text: what comes after is scrolled out of view in most UIs but fully read by the model.',
  text(item, _ctx, emit) {
    if (item.raw.length < 50) return;
    const blanks = paddedRun(item.raw, BLANKS);
    const breaks = blanks ? undefined : paddedRun(item.raw, BREAKS);
    const m = blanks ?? breaks;
    if (!m) return;
    const after = item.raw.slice(m.index + m[0].length, m.index + m[0].length + 80);
    const size = blanks
      ? `${m[0].length} blank characters`
      : `${m[0].split(/\r?\n|\u2028|\u2029/).length - 1} line breaks`;
    emit(
      item.path,
      `${where(item.kind)} pushes text out of view with ${size}.`,
      escapeForDisplay(`…after padding: ${after}`),
    );
  },
};
