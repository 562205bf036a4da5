import { PACKAGE_TRANSPORT_TYPES, REGISTRY_TYPES, VERSIONED_REGISTRY_TYPES } from '../constants';
import { describePath, type IssueCollector } from '../issues';
import { LIMITS } from '../limits';
import { hasOwn, isObject, own, ownArray, ownObject, ownString, type JsonObject } from '../json';
import { checkArguments, templateVariablesOf } from './arguments';
import { isHttpsUrl } from './links';
import { fillTemplates, isLoopbackHost, parseHttpUrl, templateVariables } from './urls';
import { checkVersionString } from './version';

/*
 * `packages[]`: what the official registry checks offline. The ownership checks that fetch npm, PyPI,
 * NuGet, OCI or MCPB metadata are out of scope.
 */

/** Checks every package (up to the count limit). */
export function checkPackages(manifest: JsonObject, issues: IssueCollector): void {
  const packages = ownArray(manifest, 'packages');
  if (!packages) return;
  if (packages.length > LIMITS.packages) {
    issues.error(['packages'], `packages may list at most ${LIMITS.packages} packages`);
  }
  packages.slice(0, LIMITS.packages).forEach((pkg, index) => {
    if (isObject(pkg)) checkPackage(pkg, ['packages', String(index)], issues);
  });
}

function checkPackage(pkg: JsonObject, path: string[], issues: IssueCollector): void {
  const at = (field: string) => [...path, field];
  const registryType = ownString(pkg, 'registryType');
  if (registryType !== undefined && !REGISTRY_TYPES.includes(registryType)) {
    issues.error(
      at('registryType'),
      `${describePath(at('registryType'))} must be one of: ${REGISTRY_TYPES.join(', ')}`,
    );
  }

  const identifier = ownString(pkg, 'identifier');
  if (identifier !== undefined) {
    if (identifier.trim() === '') {
      issues.error(at('identifier'), `${describePath(at('identifier'))} must not be empty`);
    } else if (/\s/.test(identifier)) {
      issues.error(at('identifier'), `${describePath(at('identifier'))} must not contain spaces`);
    } else if ((registryType === 'mcpb' || /^https?:\/\//i.test(identifier)) && !isHttpsUrl(identifier)) {
      // MCPB packages are downloaded from this URL.
      issues.error(at('identifier'), `${describePath(at('identifier'))} must be an absolute https URL`);
    }
  }

  if (hasOwn(pkg, 'version')) {
    const version = own(pkg, 'version');
    if (typeof version === 'string') checkVersionString(at('version'), version, issues);
  } else if (registryType !== undefined && VERSIONED_REGISTRY_TYPES.includes(registryType)) {
    issues.warning(
      at('version'),
      `${describePath(at('version'))} should name the ${registryType} package version`,
    );
  }

  if (registryType === 'mcpb' && !hasOwn(pkg, 'fileSha256')) {
    issues.warning(
      at('fileSha256'),
      `${describePath(at('fileSha256'))} should be given for an MCPB package so clients can verify the download`,
    );
  }

  const baseUrl = ownString(pkg, 'registryBaseUrl');
  if (baseUrl !== undefined && !isHttpsUrl(baseUrl)) {
    issues.error(
      at('registryBaseUrl'),
      `${describePath(at('registryBaseUrl'))} must be an absolute https URL`,
    );
  }

  checkArguments(pkg, path, issues);

  const transport = ownObject(pkg, 'transport');
  if (transport) checkPackageTransport(pkg, transport, at('transport'), issues);
}

/** The transport of a locally run package: stdio has no URL; streamable-http and sse need one. */
function checkPackageTransport(
  pkg: JsonObject,
  transport: JsonObject,
  path: string[],
  issues: IssueCollector,
): void {
  const type = ownString(transport, 'type');
  const urlPath = [...path, 'url'];
  const url = own(transport, 'url');
  if (type !== undefined && !PACKAGE_TRANSPORT_TYPES.includes(type)) {
    issues.error(
      [...path, 'type'],
      `${describePath([...path, 'type'])} must be one of: ${PACKAGE_TRANSPORT_TYPES.join(', ')}`,
    );
    return;
  }
  if (type === 'stdio') {
    if (typeof url === 'string' && url !== '') {
      issues.error(urlPath, `${describePath(urlPath)} must be left out for the stdio transport`);
    }
    return;
  }
  if (type === undefined || (url !== undefined && typeof url !== 'string')) return; // structural check
  if (url === undefined || url === '') {
    issues.error(urlPath, `${describePath(urlPath)} is required for the ${type} transport`);
    return;
  }
  checkPackageTransportUrl(url, templateVariablesOf(pkg), urlPath, issues);
}

/**
 * A package transport URL may use `{placeholders}` naming the package's environment variables,
 * arguments or value hints (official). It must be https, except on localhost, where the package runs.
 */
function checkPackageTransportUrl(
  url: string,
  available: Set<string>,
  path: string[],
  issues: IssueCollector,
): void {
  const label = describePath(path);
  for (const name of templateVariables(url)) {
    if (!available.has(name)) {
      issues.error(
        path,
        `${label} refers to {${name}}, which is not an environment variable, argument name or valueHint of this package`,
      );
    }
  }
  const parsed = parseHttpUrl(fillTemplates(url));
  if (!parsed) {
    issues.error(path, `${label} must be an absolute https URL`);
  } else if (parsed.protocol !== 'https:' && !isLoopbackHost(parsed.hostname)) {
    issues.error(path, `${label} must use https (plain http is allowed only for localhost)`);
  }
}
