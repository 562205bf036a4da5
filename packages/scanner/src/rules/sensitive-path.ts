import { escapeForDisplay, excerpt } from '../text/escape';
import type { Rule } from './types';
import { analyseSensitivePaths } from './shared/sensitive-paths';
import { isIdentifier, where } from './shared/where';

/** `exfiltration.sensitive-path`: a credential or agent-config path named without an access verb. */
export const sensitivePathRule: Rule = {
  id: 'exfiltration.sensitive-path',
  family: 'exfiltration',
  severity: 'MEDIUM',
  description:
    'Names a credential or agent-configuration path (`~/.ssh`, `id_rsa`, `.aws/credentials`, `mcp.json`, browser login data, …) without asking to read or send it; a security tool may do so legitimately, so this is a warning.',
  text(item, _ctx, emit) {
    if (isIdentifier(item.kind) || item.kind === 'package-text') return;
    const { mention } = analyseSensitivePaths(item);
    if (!mention) return;
    emit(
      item.path,
      `${where(item.kind)} names the sensitive path "${mention.path}".`,
      escapeForDisplay(excerpt(mention.text, mention.index, mention.index + mention.path.length)),
    );
  },
};
