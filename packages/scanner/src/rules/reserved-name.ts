import type { Rule } from './types';
import { namespaceOwner, splitName } from './shared/server-names';

/** Server names the registry reserves (ARCHITECTURE §6) plus authority-sounding ones. */
const RESERVED_SERVER = new Set([
  'system',
  'admin',
  'root',
  'bin',
  'sbin',
  'administrator',
  'registry',
  'official',
  'localhost',
]);
const RESERVED_OWNER = new Set([
  'admin',
  'root',
  'system',
  'official',
  'registry',
  'mcpr',
  'administrator',
  'security',
  'support',
  'mcp-registry',
]);

/** `names.reserved`: a reserved or authority-sounding server name or namespace owner. */
export const reservedNameRule: Rule = {
  id: 'names.reserved',
  family: 'names',
  severity: 'MEDIUM',
  description:
    'The server part of the name is reserved (`system`, `admin`, `root`, `bin`, `sbin`, …) or the namespace owner is an authority-sounding account (`admin`, `security`, `official`, `registry`, …).',
  manifest(ctx, emit) {
    const name = ctx.view.name;
    if (!name) return;
    const [namespace, server] = splitName(name.toLowerCase());
    const owner = namespaceOwner(namespace);
    if (RESERVED_SERVER.has(server)) emit(['name'], `The server name "${server}" is reserved.`, name);
    else if (RESERVED_OWNER.has(owner))
      emit(['name'], `The namespace owner "${owner}" is an authority-sounding reserved name.`, name);
  },
};
