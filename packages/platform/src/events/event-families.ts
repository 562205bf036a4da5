/** The family of an event type: `version` for `version.published` (ARCHITECTURE §4). */
export function eventFamilyOf(type: string): string {
  const dot = type.indexOf('.');
  return dot < 0 ? type : type.slice(0, dot);
}

/** Families whose subject is a server name (ARCHITECTURE §4 "subject"). */
export const SERVER_SCOPED_FAMILIES = [
  'server',
  'version',
  'install',
  'scan',
  'tier',
  'review',
  'advisory',
  'attestation',
  'signature',
] as const;

/** True when an event of `type` has a server name as its subject. */
export function isServerScoped(type: string): boolean {
  return (SERVER_SCOPED_FAMILIES as readonly string[]).includes(eventFamilyOf(type));
}
