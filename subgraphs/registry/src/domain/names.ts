/**
 * Syntax of the names the registry accepts outside manifests: namespaces, account handles and
 * namespace patterns of API keys.
 */

const LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const NAMESPACE = new RegExp(`^${LABEL}(?:\\.${LABEL})+$`);
const HANDLE = /^[a-zA-Z0-9](?:[a-zA-Z0-9_.-]{0,98}[a-zA-Z0-9])?$/;
/** A server-name pattern: namespace part and name part of the server-name alphabet plus `*`. */
const PATTERN = /^(?:\*|[a-zA-Z0-9.*-]+(?:\/[a-zA-Z0-9._*-]+)?)$/;

export const MAX_NAMESPACE_LENGTH = 200;

/** Reverse-DNS with at least two labels (`io.github.alice`, `com.example`). */
export function isValidNamespaceName(name: string): boolean {
  return name.length <= MAX_NAMESPACE_LENGTH && NAMESPACE.test(name);
}

/** An account handle: letters, digits, `_`, `.`, `-`, starting and ending alphanumeric, ≤ 100. */
export function isValidHandle(handle: string): boolean {
  return HANDLE.test(handle);
}

/** `io.github.acme/*`, `io.github.acme/weather`, `io.github.acme` (= `io.github.acme/*`) or `*`. */
export function isValidNamespacePattern(pattern: string): boolean {
  return pattern.length <= 300 && PATTERN.test(pattern);
}

/** The canonical form of a pattern: a bare namespace means every server in it. */
export function normalisePattern(pattern: string): string {
  return pattern === '*' || pattern.includes('/') ? pattern : `${pattern}/*`;
}

/** The namespace part of a server name (`io.github.alice/weather` → `io.github.alice`). */
export function namespaceOf(serverName: string): string {
  const slash = serverName.indexOf('/');
  return slash < 0 ? serverName : serverName.slice(0, slash);
}
