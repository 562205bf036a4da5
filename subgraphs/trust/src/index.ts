import 'reflect-metadata';

export { loadTrustEnv, type TrustConfig } from './env';
export {
  startTrust,
  openTrustDatabase,
  trustRulesOf,
  type RunningTrust,
  type TrustServiceDeps,
} from './service';
export { buildTrustServer, buildTrustSchema, type TrustServerDeps } from './server';
export { createTrustContext, type TrustContext, type TrustContextInput } from './context';

// Data: entities and migrations for tooling (`pnpm migrate`, tests).
export * from './data/entities';
export { trustMigrations } from './data/migrations';

// Domain rules other packages (the CLI, search, tests) may reuse.
export { evaluateTier, reviewStanding, trustScore, REQUIRED_APPROVALS } from './domain/tiers';
export { decideVet, VetReasonCode, type VetPolicy, type VetOutcome } from './domain/vet';
export { rangeAffects, rangeProblem } from './domain/advisory-ranges';
export {
  signatureStatusOf,
  signedPayload,
  parsePublicKey,
  verifyEd25519,
  SIGNATURE_META_KEY,
  type SignatureStatusValue,
} from './domain/signatures';
export * from './events/trust-events';
export { TRUST_GROUP } from './events/trust-consumer';
export { TRUST_SUBSCRIPTION_TYPES } from './events/consumed-events';
