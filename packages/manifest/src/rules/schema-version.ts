import { CURRENT_SCHEMA_URL, OLDER_SCHEMA_URLS } from '../constants';
import type { IssueCollector } from '../issues';
import { hasOwn, type JsonObject } from '../json';

/**
 * `$schema`: optional (absent means the current schema, unlike the official registry, which requires
 * it); an older official schema URL is accepted with a warning; any other value is an error.
 */
export function checkSchemaVersion(manifest: JsonObject, issues: IssueCollector): void {
  if (!hasOwn(manifest, '$schema')) return;
  const url = manifest.$schema;
  if (typeof url !== 'string') return; // the structural check reports the type
  if (url === CURRENT_SCHEMA_URL) return;
  if (OLDER_SCHEMA_URLS.includes(url)) {
    issues.warning(
      ['$schema'],
      `$schema ${url} is an older server.json schema; the manifest was checked against the current one (${CURRENT_SCHEMA_URL})`,
    );
    return;
  }
  issues.error(
    ['$schema'],
    `$schema must be an official server.json schema URL such as ${CURRENT_SCHEMA_URL}, or be left out`,
  );
}
