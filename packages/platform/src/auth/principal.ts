import { Scope } from './scopes';

/** Who is calling, as verified by the gateway and carried to subgraphs in the signed gateway token. */
export type Principal = AnonymousPrincipal | KeyPrincipal;

export interface AnonymousPrincipal {
  kind: 'anonymous';
  /** The client's address as seen by the gateway (for rate limits and security events). */
  clientIp?: string;
}

export interface KeyPrincipal {
  kind: 'key';
  keyId: string;
  accountId: string;
  /** Account handle, used as the event `actor`. */
  handle: string;
  scopes: Scope[];
  /**
   * Namespace patterns the key may publish/manage under (`io.github.acme/*`). For a key created without
   * explicit patterns these are the namespaces its account owns, resolved when the key is verified.
   */
  namespacePatterns: string[];
  expiresAt: string | null;
  clientIp?: string;
}

export const ANONYMOUS: AnonymousPrincipal = { kind: 'anonymous' };

/** The event `actor` for a principal. */
export function actorOf(principal: Principal): string {
  return principal.kind === 'key' ? principal.handle : 'anonymous';
}

export function isAdmin(principal: Principal): boolean {
  return principal.kind === 'key' && principal.scopes.includes(Scope.ADMIN);
}

/** ADMIN implies every scope. */
export function hasScope(principal: Principal, scope: Scope): boolean {
  return (
    principal.kind === 'key' && (principal.scopes.includes(scope) || principal.scopes.includes(Scope.ADMIN))
  );
}

/** Turn a namespace pattern into a matcher: `*` matches any run of characters; a bare namespace means `ns/*`. */
export function patternMatcher(pattern: string): (name: string) => boolean {
  const normalised = pattern.includes('/') || pattern === '*' ? pattern : `${pattern}/*`;
  const source = normalised
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${source}$`, 'i');
  return (name) => regex.test(name);
}

/** True when the pattern list covers a server name (`io.github.acme/weather`). */
export function patternsCover(patterns: readonly string[], serverName: string): boolean {
  return patterns.some((pattern) => patternMatcher(pattern)(serverName));
}

/** Whether a principal may publish or manage under a server name: ADMIN covers every namespace. */
export function coversServerName(principal: Principal, serverName: string): boolean {
  if (principal.kind !== 'key') return false;
  if (principal.scopes.includes(Scope.ADMIN)) return true;
  return patternsCover(principal.namespacePatterns, serverName);
}
