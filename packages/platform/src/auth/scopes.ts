/** API key scopes (GraphQL enum `Scope`). ADMIN implies every other scope. */
export enum Scope {
  SERVERS_PUBLISH = 'SERVERS_PUBLISH',
  SERVERS_MANAGE = 'SERVERS_MANAGE',
  TRUST_REVIEW = 'TRUST_REVIEW',
  TRUST_ADMIN = 'TRUST_ADMIN',
  AUDIT_READ = 'AUDIT_READ',
  ADMIN = 'ADMIN',
}

export const ALL_SCOPES: readonly Scope[] = Object.values(Scope);

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (ALL_SCOPES as readonly string[]).includes(value);
}
