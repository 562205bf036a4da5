import { registerEnumType } from 'type-graphql';
import { Scope } from '../auth/scopes';

/** Shared enums, emitted identically by every subgraph so composition sees one definition. */
export enum TrustTier {
  UNVERIFIED = 'UNVERIFIED',
  COMMUNITY_TRUSTED = 'COMMUNITY_TRUSTED',
  SECURITY_AUDITED = 'SECURITY_AUDITED',
  CERTIFIED = 'CERTIFIED',
}

export enum Severity {
  INFO = 'INFO',
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}

export enum VersionStatus {
  ACTIVE = 'ACTIVE',
  DEPRECATED = 'DEPRECATED',
  DELETED = 'DELETED',
}

registerEnumType(TrustTier, { name: 'TrustTier', description: 'Trust tier of a server, lowest first.' });
registerEnumType(Severity, { name: 'Severity', description: 'Severity of a finding or advisory.' });
registerEnumType(VersionStatus, {
  name: 'VersionStatus',
  description: 'Lifecycle status of a server version.',
});
registerEnumType(Scope, { name: 'Scope', description: 'What an API key may do.' });

export { Scope };
