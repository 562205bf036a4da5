import type { IssueCollector } from '../issues';
import { LIMITS, RESERVED_SERVER_NAMES } from '../limits';
import { ownString, type JsonObject } from '../json';

/** The official name pattern: a reverse-DNS namespace, one slash, a server name. */
const NAME_PATTERN = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;
/**
 * The official validator also wants each part to start and end with a letter or digit. (Its regex
 * needs two characters per part; a one-character part is allowed here.)
 */
const PART_EDGES = /^[a-zA-Z0-9](?:.*[a-zA-Z0-9])?$/;

/** A server name split into its parts. */
export interface ServerName {
  name: string;
  namespace: string;
  serverName: string;
}

/** Checks `name` and returns its parts when it is valid. */
export function checkName(manifest: JsonObject, issues: IssueCollector): ServerName | undefined {
  const name = ownString(manifest, 'name');
  if (name === undefined) return undefined; // missing or not a string: the structural check reports it
  const path = ['name'];
  const length = name.length;
  if (length < LIMITS.nameMinLength || length > LIMITS.nameMaxLength) {
    issues.error(path, `name must be ${LIMITS.nameMinLength} to ${LIMITS.nameMaxLength} characters long`);
  }
  if (!NAME_PATTERN.test(name)) {
    issues.error(
      path,
      'name must be a reverse-DNS namespace, one "/", and a server name (e.g. io.github.alice/weather), ' +
        'using only letters, digits, "." and "-" (and "_" after the slash)',
    );
    return undefined;
  }
  const slash = name.indexOf('/');
  const namespace = name.slice(0, slash);
  const serverName = name.slice(slash + 1);
  let valid = length >= LIMITS.nameMinLength && length <= LIMITS.nameMaxLength;
  if (!PART_EDGES.test(namespace)) {
    issues.error(path, `name: the namespace "${namespace}" must start and end with a letter or digit`);
    valid = false;
  }
  if (!PART_EDGES.test(serverName)) {
    issues.error(path, `name: the server name "${serverName}" must start and end with a letter or digit`);
    valid = false;
  }
  if (RESERVED_SERVER_NAMES.includes(serverName.toLowerCase())) {
    issues.error(path, `name: "${serverName}" is a reserved server name`);
    valid = false;
  }
  return valid ? { name, namespace, serverName } : undefined;
}
