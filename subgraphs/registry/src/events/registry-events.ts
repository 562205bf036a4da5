import { emitToOutbox, eventBuilder, type EventOrigin, type VersionStatus } from '@mcpr/platform';

/** The `source` of every event the registry emits. */
export const REGISTRY_SOURCE = 'registry';

/** Event types the registry emits (ARCHITECTURE §4). */
export const RegistryEventType = {
  NAMESPACE_CREATED: 'namespace.created',
  APIKEY_CREATED: 'apikey.created',
  APIKEY_REVOKED: 'apikey.revoked',
  SERVER_CREATED: 'server.created',
  VERSION_PUBLISHED: 'version.published',
  VERSION_STATUS_CHANGED: 'version.status_changed',
  INSTALL_RECORDED: 'install.recorded',
} as const;

export type RegistryEventType = (typeof RegistryEventType)[keyof typeof RegistryEventType];

/** Who and in which trace, common to every event of one command. */
export type { EventOrigin } from '@mcpr/platform';

export interface NamespaceCreatedData extends Record<string, unknown> {
  namespaceId: string;
  name: string;
  owner: string;
}

export interface ApiKeyCreatedData extends Record<string, unknown> {
  keyId: string;
  accountId: string;
  handle: string;
  name: string;
  prefix: string;
  scopes: string[];
  namespaces: string[] | null;
  expiresAt: string | null;
  rotatedFromId: string | null;
}

export interface ApiKeyRevokedData extends Record<string, unknown> {
  keyId: string;
  accountId: string;
  prefix: string;
  /** SHA-256 of the key: lets the gateway drop its verification cache entry at once. */
  keyHash: string;
}

export interface ServerCreatedData extends Record<string, unknown> {
  serverId: string;
  name: string;
  namespace: string;
}

/** Common to every version event. */
export interface VersionRef extends Record<string, unknown> {
  serverId: string;
  name: string;
  versionId: string;
  version: string;
  manifestDigest: string;
}

export interface VersionPublishedData extends VersionRef {
  manifest: Record<string, unknown>;
  isLatest: boolean;
}

export interface VersionStatusChangedData extends VersionRef {
  status: VersionStatus;
  previousStatus: VersionStatus;
  message: string | null;
  isLatest: boolean;
  /** The server's latest version after the change (null when every version is deleted). */
  latestVersionId: string | null;
  serverStatus: VersionStatus;
}

export interface InstallRecordedData extends Record<string, unknown> {
  serverId: string;
  name: string;
  versionId: string | null;
  version: string | null;
  client: string | null;
  installCount: number;
}

const build = eventBuilder(REGISTRY_SOURCE);

/** Builders: the subject rule of ARCHITECTURE §4 lives here and nowhere else. */
export const registryEvents = {
  namespaceCreated: (data: NamespaceCreatedData, origin: EventOrigin) =>
    build(RegistryEventType.NAMESPACE_CREATED, data.name, data, origin),
  apiKeyCreated: (data: ApiKeyCreatedData, origin: EventOrigin) =>
    build(RegistryEventType.APIKEY_CREATED, data.keyId, data, origin),
  apiKeyRevoked: (data: ApiKeyRevokedData, origin: EventOrigin) =>
    build(RegistryEventType.APIKEY_REVOKED, data.keyId, data, origin),
  serverCreated: (data: ServerCreatedData, origin: EventOrigin) =>
    build(RegistryEventType.SERVER_CREATED, data.name, data, origin),
  versionPublished: (data: VersionPublishedData, origin: EventOrigin) =>
    build(RegistryEventType.VERSION_PUBLISHED, data.name, data, origin),
  versionStatusChanged: (data: VersionStatusChangedData, origin: EventOrigin) =>
    build(RegistryEventType.VERSION_STATUS_CHANGED, data.name, data, origin),
  installRecorded: (data: InstallRecordedData, origin: EventOrigin) =>
    build(RegistryEventType.INSTALL_RECORDED, data.name, data, origin),
};

/** Queues an event in the outbox of the caller's unit of work (see `emitToOutbox`). */
export const emit = emitToOutbox;
