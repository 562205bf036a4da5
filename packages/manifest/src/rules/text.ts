import type { IssueCollector } from '../issues';
import { LIMITS } from '../limits';
import { charLength, hasOwn, ownString, type JsonObject } from '../json';

/**
 * `description`: required (the structural check reports a missing one) and not blank. Over 100
 * characters is only a warning: the official schema rejects it, but real manifests often exceed it and
 * the text is still useful.
 */
export function checkDescription(manifest: JsonObject, issues: IssueCollector): void {
  const description = ownString(manifest, 'description');
  if (description === undefined) return;
  if (description.trim() === '') {
    issues.error(['description'], 'description must not be empty');
    return;
  }
  const length = charLength(description);
  if (length > LIMITS.recommendedDescriptionMaxChars) {
    issues.warning(
      ['description'],
      `description is ${length} characters long; keep it to ${LIMITS.recommendedDescriptionMaxChars} (longer text may be cut in listings)`,
    );
  }
}

/** `title`: optional; when present not blank (official rule); over 100 characters is a warning. */
export function checkTitle(manifest: JsonObject, issues: IssueCollector): void {
  if (!hasOwn(manifest, 'title')) return;
  const title = ownString(manifest, 'title');
  if (title === undefined) return;
  if (title.trim() === '') {
    issues.error(['title'], 'title must not be empty or only whitespace; leave it out instead');
    return;
  }
  const length = charLength(title);
  if (length > LIMITS.recommendedTitleMaxChars) {
    issues.warning(
      ['title'],
      `title is ${length} characters long; keep it to ${LIMITS.recommendedTitleMaxChars} (longer text may be cut in listings)`,
    );
  }
}
