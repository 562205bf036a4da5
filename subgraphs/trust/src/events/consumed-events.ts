import { z } from 'zod';
import { VersionStatus } from '@mcpr/platform';

/**
 * The registry events trust consumes, as trust reads them. Declared here rather than imported from
 * `@mcpr/registry` (subgraphs do not depend on each other): the envelope's `data` is the contract, and
 * it is parsed, so a malformed event fails its delivery loudly (retried, then parked) instead of
 * corrupting trust's state.
 */
export const ConsumedEventType = {
  NAMESPACE_CREATED: 'namespace.created',
  VERSION_PUBLISHED: 'version.published',
  VERSION_STATUS_CHANGED: 'version.status_changed',
  INSTALL_RECORDED: 'install.recorded',
} as const;

/** The bus subscription of the `trust` consumer group. */
export const TRUST_SUBSCRIPTION_TYPES: readonly string[] = Object.values(ConsumedEventType);

const versionRef = {
  serverId: z.string().min(1),
  name: z.string().min(1),
  versionId: z.string().min(1),
  version: z.string().min(1),
  manifestDigest: z.string(),
};

export const namespaceCreatedData = z.object({ name: z.string().min(1), owner: z.string().min(1) });

export const versionPublishedData = z.object({
  ...versionRef,
  manifest: z.record(z.unknown()),
  isLatest: z.boolean(),
});

const versionStatus = z.nativeEnum(VersionStatus);

export const versionStatusChangedData = z.object({
  ...versionRef,
  status: versionStatus,
  previousStatus: versionStatus.optional(),
  isLatest: z.boolean().optional(),
  /** The server's latest version after the change (null when every version is deleted). */
  latestVersionId: z.string().nullable(),
});

export const installRecordedData = z.object({
  serverId: z.string().min(1),
  name: z.string().min(1),
  versionId: z.string().nullable().optional(),
  version: z.string().nullable().optional(),
  /** The registry's running count after this install. */
  installCount: z.number().int().nonnegative().optional(),
});

export type NamespaceCreatedData = z.infer<typeof namespaceCreatedData>;
export type VersionPublishedData = z.infer<typeof versionPublishedData>;
export type VersionStatusChangedData = z.infer<typeof versionStatusChangedData>;
export type InstallRecordedData = z.infer<typeof installRecordedData>;
