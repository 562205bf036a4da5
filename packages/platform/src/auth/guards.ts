import { forbidden, unauthenticated } from '../errors/app-error';
import { coversServerName, hasScope, type KeyPrincipal, type Principal } from './principal';
import type { Scope } from './scopes';

/**
 * Authorization checks used by domain code, in the contract's order: authentication, then scope,
 * then namespace coverage. They throw AppErrors (UNAUTHENTICATED / FORBIDDEN).
 */
export function requireKey(principal: Principal): KeyPrincipal {
  if (principal.kind !== 'key') throw unauthenticated();
  return principal;
}

export function requireScope(principal: Principal, scope: Scope): KeyPrincipal {
  const key = requireKey(principal);
  if (!hasScope(key, scope)) throw forbidden(`This operation needs the ${scope} scope.`);
  return key;
}

export function requireCoverage(principal: Principal, scope: Scope, serverName: string): KeyPrincipal {
  const key = requireScope(principal, scope);
  if (!coversServerName(key, serverName)) {
    throw forbidden(`This key's namespaces do not cover ${serverName}.`);
  }
  return key;
}
