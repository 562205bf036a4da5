/**
 * Which events the tamper-evident log holds, and how (ARCHITECTURE §4): state changes and decisions of
 * the registry and trust are appended one entry per event; `access.denied` (a decision) too; the noisy
 * security events `auth.failed` and `ratelimit.exceeded` are aggregated into one entry per type,
 * subject (key id or /24 network) and UTC minute, so a noisy client cannot grow the log without bound;
 * `search.performed` (sampled analytics) never enters the log.
 */
import { eventFamilyOf } from '@mcpr/platform';

/** How the log treats an event type. */
export type EventDisposition = 'append' | 'aggregate' | 'ignore';

/** Event families (the part before the first dot) whose events are appended one by one. */
export const APPENDED_FAMILIES = [
  // registry
  'namespace',
  'apikey',
  'account',
  'server',
  'version',
  'install',
  // trust
  'scan',
  'tier',
  'review',
  'advisory',
  'policy',
  'attestation',
  'signature',
] as const;

/** Individually logged security decisions. */
export const APPENDED_SECURITY_TYPES = ['access.denied'] as const;

/** Security events aggregated per (type, subject, minute). */
export const AGGREGATED_TYPES = ['auth.failed', 'ratelimit.exceeded'] as const;

/**
 * The bus subscription of the `audit` consumer group: everything in scope and nothing else (the bus
 * filters at enqueue, so `search.performed` is never even queued for the audit group).
 */
export const AUDIT_SUBSCRIPTION_TYPES: readonly string[] = [
  ...APPENDED_FAMILIES.map((family) => `${family}.*`),
  ...APPENDED_SECURITY_TYPES,
  ...AGGREGATED_TYPES,
];

/**
 * Event types `auditTrail` shows to anyone (the contract's "public event types"): registry and trust
 * state changes of a server. Not security events, not API-key or account events, and not individual
 * installs (an install names who installed; installs are public only as counts).
 */
export const PUBLIC_TRAIL_FAMILIES = [
  'server',
  'version',
  'scan',
  'tier',
  'review',
  'advisory',
  'attestation',
  'signature',
] as const;

/** What the log does with an event of `type`. */
export function dispositionOf(type: string): EventDisposition {
  if ((AGGREGATED_TYPES as readonly string[]).includes(type)) return 'aggregate';
  if ((APPENDED_SECURITY_TYPES as readonly string[]).includes(type)) return 'append';
  return (APPENDED_FAMILIES as readonly string[]).includes(eventFamilyOf(type)) ? 'append' : 'ignore';
}

/** True when `auditTrail` may show entries of `type` without any scope. */
export function isPublicTrailType(type: string): boolean {
  return (PUBLIC_TRAIL_FAMILIES as readonly string[]).includes(eventFamilyOf(type));
}
