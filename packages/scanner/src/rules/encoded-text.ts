import { escapeForDisplay } from '../text/escape';
import type { Rule } from './types';
import { where } from './shared/where';

/** `hidden-instructions.encoded-text`: readable text hidden in base64, hex, percent or `\u` escapes. */
export const encodedTextRule: Rule = {
  id: 'hidden-instructions.encoded-text',
  family: 'hidden-instructions',
  severity: 'MEDIUM',
  description:
    'A base64, hex, percent-encoded or \\u-escaped blob that decodes to readable text: prose has no reason to be encoded in a description.',
  text(item, _ctx, emit) {
    const blob = item.segments.find((s) => s.origin !== 'text' && s.origin !== 'tags');
    if (!blob) return;
    emit(
      item.path,
      `${where(item.kind)} contains ${blob.origin}-encoded text that decodes to readable prose.`,
      escapeForDisplay(`decodes to: ${blob.plain}`),
    );
  },
};
