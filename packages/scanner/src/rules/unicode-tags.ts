import { escapeForDisplay } from '../text/escape';
import type { Rule } from './types';
import { where } from './shared/where';

/** `invisible-characters.unicode-tags`: Unicode tag characters (U+E0000–E007F), the "ASCII smuggling" channel. */
export const unicodeTagsRule: Rule = {
  id: 'invisible-characters.unicode-tags',
  family: 'invisible-characters',
  severity: 'CRITICAL',
  description:
    'Unicode tag characters (U+E0000–U+E007F) outside an emoji flag sequence: invisible to people, read by models as ASCII ("ASCII smuggling"). The hidden text is decoded into the evidence and also read by the phrase rules.',
  text(item, _ctx, emit) {
    const { tags, tagText } = item.chars;
    if (tags.length === 0) return;
    emit(
      item.path,
      `${where(item.kind)} hides ${tags.length} invisible Unicode tag character(s)${tagText ? ' spelling text' : ''}.`,
      escapeForDisplay(tagText ? `hidden text: ${tagText}` : 'tag characters without printable content'),
    );
  },
};
