import { escapeForDisplay } from '../text/escape';
import type { Rule } from './types';
import { isIdentifier, where } from './shared/where';

const COMMENT = /<!--([\s\S]*?)(?:-->|$)|^\s*\[\/\/\]:\s*#\s*\(([^)]*)\)/gm;
const WORD = /\p{L}{2,}/gu;

/** `hidden-instructions.html-comment`: prose inside an HTML or Markdown comment, invisible once rendered. */
export const htmlCommentRule: Rule = {
  id: 'hidden-instructions.html-comment',
  family: 'hidden-instructions',
  severity: 'MEDIUM',
  description:
    'Prose inside an HTML comment (`<!-- … -->`) or a Markdown comment (`[//]: # (…)`): hidden when rendered, read by the model.',
  text(item, _ctx, emit) {
    if (isIdentifier(item.kind) || (!item.raw.includes('<!--') && !item.raw.includes('[//]:'))) return;
    COMMENT.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = COMMENT.exec(item.norm.clean)) !== null) {
      const body = m[1] ?? m[2] ?? '';
      if ((body.match(WORD) ?? []).length >= 3) {
        emit(
          item.path,
          `${where(item.kind)} hides prose in a comment that renderers do not show.`,
          escapeForDisplay(m[0]),
        );
        return;
      }
    }
  },
};
