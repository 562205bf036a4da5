import { escapeForDisplay } from '../text/escape';
import type { Rule } from './types';
import { PROTECTED_BRANDS, splitName } from './shared/server-names';

const BRANDS = Object.keys(PROTECTED_BRANDS).join('|');
const CLAIM = new RegExp(
  `\\bofficial(?![^.]{0,60}\\bfor\\b)[\\W_]+(?:\\w+[\\W_]+){0,2}?(?<brand>${BRANDS})\\b(?![\\W_]+(?:\\w+[\\W_]+){0,2}?(?:api|apis|sdk|sdks|library|libraries|client|clients|docs|documentation|cli|spec|specification|protocol)\\b)|\\b(?<brand2>${BRANDS})(?:'s)?[\\W_]+official\\b(?![\\W_]+(?:\\w+[\\W_]+){0,2}?(?:api|apis|sdk|sdks|library|libraries|client|clients|docs|documentation|cli|spec|specification|protocol)\\b)`,
);

/** `names.official-claim`: the title, description or name claims to be a brand's official server. */
export const officialClaimRule: Rule = {
  id: 'names.official-claim',
  family: 'names',
  severity: 'MEDIUM',
  description:
    'The server name, title or description claims to be the official server of a protected brand ("Official GitHub MCP Server") while the namespace is not one the brand publishes under.',
  manifest(ctx, emit) {
    const name = ctx.view.name;
    if (!name) return;
    const namespace = splitName(name)[0].toLowerCase();
    const fields: [string, string | undefined][] = [
      ['title', ctx.view.title],
      ['description', ctx.view.description],
      ['name', name],
    ];
    for (const [field, value] of fields) {
      if (!value) continue;
      const m = CLAIM.exec(value.normalize('NFKC').toLowerCase());
      const brand = m?.groups?.brand ?? m?.groups?.brand2;
      if (!brand || PROTECTED_BRANDS[brand].includes(namespace)) continue;
      emit(
        [field],
        `The ${field} claims to be an official ${brand} server, but "${namespace}" is not a ${brand} namespace.`,
        escapeForDisplay(m![0]),
      );
      return;
    }
  },
};
