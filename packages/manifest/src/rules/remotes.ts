import { REMOTE_TRANSPORT_TYPES } from '../constants';
import { describePath, type IssueCollector } from '../issues';
import { LIMITS } from '../limits';
import { hasOwn, isObject, own, ownArray, ownObject, ownString, type JsonObject } from '../json';
import { fillTemplates, isNonPublicHost, parseHttpUrl, templateVariables } from './urls';

/**
 * `remotes[]`: hosted endpoints. Type streamable-http or sse, and a URL that is https and points at a
 * public host (official: no localhost, loopback, private or link-local addresses). `{placeholders}` must
 * be declared in the remote's `variables` (official, schema 2025-12-11).
 */
export function checkRemotes(manifest: JsonObject, issues: IssueCollector): void {
  const remotes = ownArray(manifest, 'remotes');
  if (!remotes) return;
  if (remotes.length > LIMITS.remotes) {
    issues.error(['remotes'], `remotes may list at most ${LIMITS.remotes} remotes`);
  }
  remotes.slice(0, LIMITS.remotes).forEach((remote, index) => {
    if (isObject(remote)) checkRemote(remote, ['remotes', String(index)], issues);
  });
}

function checkRemote(remote: JsonObject, path: string[], issues: IssueCollector): void {
  const type = ownString(remote, 'type');
  if (type !== undefined && !REMOTE_TRANSPORT_TYPES.includes(type)) {
    issues.error(
      [...path, 'type'],
      `${describePath([...path, 'type'])} must be one of: ${REMOTE_TRANSPORT_TYPES.join(', ')}`,
    );
  }
  const urlPath = [...path, 'url'];
  const label = describePath(urlPath);
  const url = own(remote, 'url');
  if (url !== undefined && typeof url !== 'string') return; // the structural check reports the type
  if (url === undefined || url === '') {
    issues.error(urlPath, `${label} is required`);
    return;
  }
  const variables = ownObject(remote, 'variables') ?? {};
  for (const name of templateVariables(url)) {
    if (!hasOwn(variables, name)) {
      issues.error(
        urlPath,
        `${label} refers to {${name}}, which is not declared in ${describePath([...path, 'variables'])}`,
      );
    }
  }
  const parsed = parseHttpUrl(fillTemplates(url));
  if (!parsed) {
    issues.error(urlPath, `${label} must be an absolute https URL`);
    return;
  }
  if (parsed.protocol !== 'https:') issues.error(urlPath, `${label} must use https`);
  if (isNonPublicHost(parsed.hostname)) {
    issues.error(
      urlPath,
      `${label} must point at a public host (not localhost, a loopback, private or link-local address)`,
    );
  }
}
