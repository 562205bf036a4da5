import type { ManifestIssue } from './types';

/** A path inside the manifest, one segment per step (array indexes as decimal strings). */
export type IssuePath = readonly (string | number)[];

/** Renders a path for messages: `packages[0].transport.url`, or `manifest` for the root. */
export function describePath(path: IssuePath): string {
  if (path.length === 0) return 'manifest';
  let out = '';
  for (const segment of path) {
    const text = String(segment);
    if (/^\d+$/.test(text)) out += `[${text}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(text)) out += out === '' ? text : `.${text}`;
    else out += `[${JSON.stringify(text)}]`;
  }
  return out;
}

/**
 * Collects every problem found in one manifest, so that all of them are reported at once.
 * Identical issues (same severity, path and message) are kept once.
 */
export class IssueCollector {
  private readonly errorList: ManifestIssue[] = [];
  private readonly warningList: ManifestIssue[] = [];
  private readonly seen = new Set<string>();

  /** Records an error; `message` is a sentence that names the field itself. */
  error(path: IssuePath, message: string): void {
    this.add('error', path, message);
  }

  /** Records a warning (reported, does not reject the manifest). */
  warning(path: IssuePath, message: string): void {
    this.add('warning', path, message);
  }

  get hasErrors(): boolean {
    return this.errorList.length > 0;
  }

  get errors(): ManifestIssue[] {
    return this.errorList;
  }

  get warnings(): ManifestIssue[] {
    return this.warningList;
  }

  private add(severity: ManifestIssue['severity'], path: IssuePath, message: string): void {
    const segments = path.map(String);
    const key = `${severity}\u0000${segments.join('\u0000')}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const issue: ManifestIssue = { severity, code: 'BAD_USER_INPUT', message, path: segments };
    (severity === 'error' ? this.errorList : this.warningList).push(issue);
  }
}
