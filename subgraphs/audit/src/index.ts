import 'reflect-metadata';

export { loadAuditEnv, type AuditConfig } from './env';
export { startAudit, openAuditDatabase, type AuditServiceDeps, type RunningAudit } from './service';
export { buildAuditServer, type AuditServerDeps } from './server';
export { buildAuditSchema } from './schema/build-schema';
export { createAuditContext, type AuditContext, type AuditContextInput } from './context';

// Data: entities, migrations and storage for tooling (`pnpm migrate`, benchmarks, tests).
export * from './data/entities';
export { auditMigrations } from './data/migrations';
export { openAuditStore, type AuditStore } from './data/open-audit-store';
export { resolveSigningKey, SIGNING_KEY_FILE, type ResolvedSigningKey } from './data/signing-key-file';

// Events: the bus subscription.
export { subscribeAuditLog, AUDIT_GROUP, type AuditConsumer } from './events/audit-consumer';
export { IngestQueue } from './events/ingest-queue';

// Domain: the log service, Merkle math, checkpoints, verifiers.
export * from './domain';

// The offline verifier of a running log (also the `audit:verify` CLI).
export {
  verifyRemoteLog,
  type RemoteVerifyOptions,
  type RemoteVerifyReport,
  type VerifierState,
} from './cli/remote-verifier';
