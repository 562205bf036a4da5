import { escapeForDisplay, excerpt } from '../text/escape';
import type { Rule } from './types';
import { analyseSensitivePaths } from './shared/sensitive-paths';
import { isIdentifier, where } from './shared/where';

/** `exfiltration.sensitive-path-access`: asks to read, include or send a credential file. */
export const sensitivePathAccessRule: Rule = {
  id: 'exfiltration.sensitive-path-access',
  family: 'exfiltration',
  severity: 'HIGH',
  description:
    'Asks to read, include, pass or send a credential or agent-configuration file (`~/.ssh/id_rsa`, `.env`, `mcp.json`, `~/.aws/credentials`, …), or uses one as a default/example value; negated verbs ("never reads") do not count.',
  text(item, _ctx, emit) {
    if (isIdentifier(item.kind) || item.kind === 'package-text') return;
    const { access } = analyseSensitivePaths(item);
    if (!access) return;
    const how =
      item.kind === 'schema-value' ? 'uses the sensitive path' : 'asks to access the sensitive path';
    emit(
      item.path,
      `${where(item.kind)} ${how} "${access.path}".`,
      escapeForDisplay(excerpt(access.text, access.index, access.index + access.path.length)),
    );
  },
};
