import { IssueCollector } from './issues';
import { LIMITS } from './limits';
import { isObject, ownArray, ownObject, ownString, toJsonCopy, type JsonObject } from './json';
import { checkStructure } from './official-schema';
import { checkIcons, checkRepository, checkWebsiteUrl } from './rules/links';
import { checkMeta, STRIPPED_META_KEYS } from './rules/meta';
import { checkName } from './rules/name';
import { checkPackages } from './rules/packages';
import { checkRemotes } from './rules/remotes';
import { checkSchemaVersion } from './rules/schema-version';
import { checkDescription, checkTitle } from './rules/text';
import { checkVersionString, isStrictSemver } from './rules/version';
import type { ManifestIssue, PackageInfo, RemoteInfo, ValidateOptions, ValidationResult } from './types';

function rejected(message: string): ValidationResult {
  const issue: ManifestIssue = { severity: 'error', code: 'BAD_USER_INPUT', message, path: [] };
  return { ok: false, errors: [issue], warnings: [] };
}

/** Removes the registry-managed `_meta` blocks (and `_meta` itself when that empties it). */
function stripRegistryMeta(manifest: JsonObject): void {
  const meta = ownObject(manifest, '_meta');
  if (!meta) return;
  for (const key of STRIPPED_META_KEYS) delete meta[key];
  if (Object.keys(meta).length === 0) delete manifest._meta;
}

/**
 * Validates an MCP `server.json` manifest with our `_meta` extension block and returns either the
 * parsed manifest or every problem found, each with its path. Pure: no I/O, nothing fetched.
 *
 * Input that is not a JSON object, has no JSON form, or is larger than `LIMITS.manifestBytes` gets a
 * single error at path `[]` and no further checks.
 */
export function validateManifest(input: unknown, _options: ValidateOptions = {}): ValidationResult {
  if (!isObject(input)) return rejected('The manifest must be a JSON object');
  const copy = toJsonCopy(input);
  if (!copy.ok) return rejected(`The manifest is not valid JSON data: ${copy.reason}`);
  // Checked again on the JSON form: `toJSON` (a Date, say) can turn an object into a string or null.
  if (!isObject(copy.value)) return rejected('The manifest must be a JSON object');
  if (copy.bytes > LIMITS.manifestBytes) {
    return rejected(`The manifest is ${copy.bytes} bytes; at most ${LIMITS.manifestBytes} are allowed`);
  }
  // Work on the copy from here on: plain JSON, and already the deep copy that will be stored.
  const manifest = copy.value as JsonObject;
  const issues = new IssueCollector();

  checkStructure(manifest, issues);
  checkSchemaVersion(manifest, issues);
  const name = checkName(manifest, issues);
  const version = ownString(manifest, 'version');
  if (version !== undefined) checkVersionString(['version'], version, issues);
  checkDescription(manifest, issues);
  checkTitle(manifest, issues);
  checkWebsiteUrl(manifest, issues);
  checkRepository(manifest, issues);
  checkIcons(manifest, issues);
  checkPackages(manifest, issues);
  checkRemotes(manifest, issues);
  const extension = checkMeta(manifest, issues);

  if (issues.hasErrors || !name || version === undefined) {
    return { ok: false, errors: issues.errors, warnings: issues.warnings };
  }

  stripRegistryMeta(manifest);
  const title = ownString(manifest, 'title');
  const websiteUrl = ownString(manifest, 'websiteUrl');
  return {
    ok: true,
    warnings: issues.warnings,
    value: {
      name: name.name,
      namespace: name.namespace,
      version,
      isSemver: isStrictSemver(version),
      ...(title !== undefined ? { title } : {}),
      description: ownString(manifest, 'description') ?? '',
      ...(websiteUrl !== undefined ? { websiteUrl } : {}),
      packages: (ownArray(manifest, 'packages') ?? []) as PackageInfo[],
      remotes: (ownArray(manifest, 'remotes') ?? []) as RemoteInfo[],
      ...extension,
      manifest,
    },
  };
}
