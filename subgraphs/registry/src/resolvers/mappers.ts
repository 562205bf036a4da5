import type { UserError, UserErrorData } from '@mcpr/platform';
import type { ManifestIssue } from '@mcpr/manifest';
import type { AccountEntity, ApiKeyEntity, ServerVersionEntity } from '../data/entities';
import type { ServerRow } from '../data/loaders';
import type { NamespaceRow, ToolRow } from '../data/read-cache';
import type { Account } from '../schema/account.type';
import type { ApiKey } from '../schema/api-key.type';
import type { Namespace } from '../schema/namespace.type';
import type { PackageTransport, ServerPackage, ServerRemote } from '../schema/package.type';
import type { PublishWarning } from '../schema/payloads.type';
import type { ServerVersion } from '../schema/server-version.type';
import type { Server } from '../schema/server.type';
import type { Tool, ToolAnnotations } from '../schema/tool.type';

/** Entity → GraphQL shape. The table layout is not the public contract, so nothing is passed through raw. */
export const toServer = (row: ServerRow): Server => ({
  id: row.id,
  name: row.name,
  title: row.title,
  description: row.description,
  status: row.status,
  installCount: row.installCount,
  websiteUrl: row.websiteUrl,
  repository: row.repository,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  namespaceId: row.namespaceId,
});

export const toServerVersion = (row: ServerVersionEntity): ServerVersion => ({
  id: row.id,
  version: row.version,
  isLatest: row.isLatest,
  status: row.status,
  statusMessage: row.statusMessage,
  publishedAt: row.publishedAt,
  publishedBy: row.publishedBy,
  manifestDigest: row.manifestDigest,
  manifest: row.manifest,
  serverId: row.serverId,
});

const bool = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const toTool = (row: ToolRow): Tool => ({
  name: row.name,
  title: row.title,
  description: row.description,
  inputSchema: row.inputSchema,
  outputSchema: row.outputSchema,
  annotations: row.annotations ? toAnnotations(row.annotations) : null,
});

function toAnnotations(raw: Record<string, unknown>): ToolAnnotations {
  return {
    title: str(raw.title),
    readOnlyHint: bool(raw.readOnlyHint),
    destructiveHint: bool(raw.destructiveHint),
    idempotentHint: bool(raw.idempotentHint),
    openWorldHint: bool(raw.openWorldHint),
  };
}

/** `packages` of a stored (validated) manifest. */
export function packagesOf(manifest: Record<string, unknown>): ServerPackage[] {
  const list = Array.isArray(manifest.packages) ? manifest.packages.filter(isRecord) : [];
  return list.map((pkg) => ({
    registryType: str(pkg.registryType) ?? '',
    registryBaseUrl: str(pkg.registryBaseUrl),
    identifier: str(pkg.identifier) ?? '',
    version: str(pkg.version),
    runtimeHint: str(pkg.runtimeHint),
    transport: isRecord(pkg.transport) ? toTransport(pkg.transport) : null,
  }));
}

const toTransport = (raw: Record<string, unknown>): PackageTransport => ({
  type: str(raw.type) ?? '',
  url: str(raw.url),
});

/** `remotes` of a stored (validated) manifest. */
export function remotesOf(manifest: Record<string, unknown>): ServerRemote[] {
  const list = Array.isArray(manifest.remotes) ? manifest.remotes.filter(isRecord) : [];
  return list.map((remote) => ({ type: str(remote.type) ?? '', url: str(remote.url) ?? '' }));
}

export const toNamespace = (row: NamespaceRow): Namespace => ({
  id: row.id,
  name: row.name,
  createdAt: row.createdAt,
  ownerId: row.ownerId,
});

export const toAccount = (row: AccountEntity): Account => ({ id: row.id, handle: row.handle });

/** Never the hash: only what the owner may see. */
export const toApiKey = (row: ApiKeyEntity): ApiKey => ({
  id: row.id,
  prefix: row.prefix,
  name: row.name,
  scopes: row.scopes,
  namespaces: row.namespaces,
  expiresAt: row.expiresAt,
  revokedAt: row.revokedAt,
  lastUsedAt: row.lastUsedAt,
  createdAt: row.createdAt,
  rotatedFromId: row.rotatedFromId,
  accountId: row.accountId,
});

export const toUserErrors = (errors: readonly UserErrorData[]): UserError[] =>
  errors.map((error) => ({ code: error.code, message: error.message, path: error.path }));

/** Warnings get the same path convention as user errors (from the input field `manifest`). */
export const toWarnings = (issues: readonly ManifestIssue[]): PublishWarning[] =>
  issues.map((issue) => ({ message: issue.message, path: ['manifest', ...issue.path] }));

/** A row that foreign keys guarantee is missing: a broken database, masked to INTERNAL_SERVER_ERROR and logged. */
export class MissingRowError extends Error {
  constructor(what: string) {
    super(`integrity: ${what} is missing`);
    this.name = 'MissingRowError';
  }
}

/** The row a foreign key points at (loaded through a DataLoader). */
export function mustExist<T>(row: T | null | undefined, what: string): T {
  if (row === null || row === undefined) throw new MissingRowError(what);
  return row;
}
