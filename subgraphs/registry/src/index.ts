import 'reflect-metadata';

export { loadRegistryEnv, type RegistryConfig } from './env';
export {
  startRegistry,
  openRegistryDatabase,
  type RunningRegistry,
  type StartRegistryOptions,
} from './service';
export { buildRegistryServer, buildRegistrySchema, type RegistryServerDeps } from './server';
export { createRegistryContext, type RegistryContext, type RegistryContextInput } from './context';

// Data: entities and migrations for tooling (`pnpm migrate`, tests).
export * from './data/entities';
export { registryMigrations } from './data/migrations';
export { createRegistryLoaders, type RegistryLoaders } from './data/loaders';

// Domain types and commands the gateway, the CLI and tests use.
export type { DomainContext } from './domain/context';
export {
  createApiKey,
  revokeApiKey,
  rotateApiKey,
  verifyApiKey,
  effectivePatterns,
  type CreateApiKeyInput,
  type IssuedKey,
  type RotatedKey,
  type KeyRejection,
  type KeyVerification,
} from './domain/api-keys';
export {
  ADMIN_HANDLE,
  BOOTSTRAP_KEY_FILE,
  adminKeyExists,
  createAdminKey,
  ensureBootstrapAdmin,
  type BootstrapResult,
} from './domain/bootstrap';
export { createNamespace, type CreateNamespaceInput } from './domain/namespaces';
export { publishServer, type PublishResult } from './domain/publishing';
export { setVersionStatus, type SetVersionStatusInput, type StatusChange } from './domain/version-status';
export { recordInstall, type RecordInstallInput } from './domain/installs';
export { listServers, type ServerFilter, type ServerPage } from './domain/listing';
export {
  pickLatest,
  compareForLatest,
  serverStatusOf,
  LATEST_ALIAS,
  type LatestCandidate,
} from './domain/versions';
export { seedManifests, type SeedReport, type SeedRejection } from './domain/seeding';
export { loadOfficialSeed, formatSeedReport, OFFICIAL_SEED_FILE, SEED_VERSION } from './cli/seed';
export { VERIFY_KEY_PATH } from './internal/verify-key.route';
export * from './events/registry-events';
