import type { IssueCollector } from '../issues';
import { LIMITS } from '../limits';
import { hasOwn, isObject, own, ownArray, ownObject, ownString, type JsonObject } from '../json';
import { parseHttpUrl } from './urls';

/*
 * The manifest's links: websiteUrl, repository and icons. Every one must be an absolute https URL.
 */

/** Repository URL shapes the official registry accepts per `source` (https only here). */
const REPOSITORY_URL: Record<string, RegExp> = {
  github: /^https:\/\/(?:www\.)?github\.com\/[\w.-]+\/[\w.-]+\/?$/,
  gitlab: /^https:\/\/(?:www\.)?gitlab\.com\/[\w.-]+(?:\/[\w.-]+)+\/?$/,
};

/** True for an absolute https URL with a host. */
export function isHttpsUrl(text: string): boolean {
  return parseHttpUrl(text)?.protocol === 'https:';
}

/** `websiteUrl`: optional; an absolute https URL (official rule). */
export function checkWebsiteUrl(manifest: JsonObject, issues: IssueCollector): void {
  const url = ownString(manifest, 'websiteUrl');
  if (url === undefined) return;
  if (!isHttpsUrl(url)) issues.error(['websiteUrl'], 'websiteUrl must be an absolute https URL');
}

/**
 * `repository`: optional. As in the official registry, `source` must be `github` or `gitlab` and `url`
 * a repository URL on that host; an empty url and source together mean "no repository". The subfolder,
 * if any, is a clean relative path.
 */
export function checkRepository(manifest: JsonObject, issues: IssueCollector): void {
  const repository = ownObject(manifest, 'repository');
  if (!repository) return;
  const url = ownString(repository, 'url');
  const source = ownString(repository, 'source');
  if (url !== undefined && source !== undefined && !(url === '' && source === '')) {
    const shape = hasOwn(REPOSITORY_URL, source) ? REPOSITORY_URL[source] : undefined;
    if (!shape) {
      issues.error(['repository', 'source'], 'repository.source must be "github" or "gitlab"');
      if (!isHttpsUrl(url))
        issues.error(['repository', 'url'], 'repository.url must be an absolute https URL');
    } else if (!shape.test(url)) {
      issues.error(
        ['repository', 'url'],
        `repository.url must be an https URL of a ${source} repository (https://${source}.com/owner/repo)`,
      );
    }
  }
  const subfolder = ownString(repository, 'subfolder');
  if (subfolder !== undefined && subfolder !== '' && !isCleanRelativePath(subfolder)) {
    issues.error(
      ['repository', 'subfolder'],
      'repository.subfolder must be a relative path of letters, digits, "-", "_", "." and "/" without "..", "." or empty segments',
    );
  }
}

/** Official subfolder rule: relative, no leading/trailing slash, no `.`/`..`/empty segments. */
function isCleanRelativePath(path: string): boolean {
  if (!/^[a-zA-Z0-9\-_./]+$/.test(path)) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** `icons[].src`: an absolute https URL of at most 255 characters (official). */
export function checkIcons(manifest: JsonObject, issues: IssueCollector): void {
  const icons = ownArray(manifest, 'icons');
  if (!icons) return;
  if (icons.length > LIMITS.icons) issues.error(['icons'], `icons may list at most ${LIMITS.icons} icons`);
  icons.slice(0, LIMITS.icons).forEach((icon, index) => {
    if (!isObject(icon)) return;
    const src = own(icon, 'src');
    if (typeof src !== 'string') return;
    const path = ['icons', String(index), 'src'];
    if (!isHttpsUrl(src)) issues.error(path, `icons[${index}].src must be an absolute https URL`);
    if (src.length > LIMITS.iconSrcMaxLength) {
      issues.error(path, `icons[${index}].src must be at most ${LIMITS.iconSrcMaxLength} characters long`);
    }
  });
}
