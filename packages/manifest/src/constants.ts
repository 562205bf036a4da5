import type { PermissionKind } from './types';

/** `_meta` key of our extension block (tools, categories, capabilities, permissions). */
export const PUBLISHER_META_KEY = 'io.mcpr/publisher-provided';
/** `_meta` key of the publisher's Ed25519 signature over the manifest. */
export const SIGNATURE_META_KEY = 'io.mcpr/signature';
/** `_meta` key the official registry adds to its responses; stripped on publish. */
export const OFFICIAL_META_KEY = 'io.modelcontextprotocol.registry/official';
/** `_meta` key our REST API adds to its responses; stripped on publish like the official one. */
export const REGISTRY_META_KEY = 'io.mcpr/registry';
/** `_meta` key the official schema reserves for publisher data meant for downstream registries. */
export const OFFICIAL_PUBLISHER_META_KEY = 'io.modelcontextprotocol.registry/publisher-provided';

/** Key prefixes owned by a registry: only the keys listed above may use them. */
export const RESERVED_META_PREFIXES: readonly string[] = ['io.mcpr/', 'io.modelcontextprotocol.registry/'];

/** `$schema` of the current official `server.json` schema (absent `$schema` means this one). */
export const CURRENT_SCHEMA_URL =
  'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

/**
 * Earlier official schema versions (docs/reference/server-json/CHANGELOG.md). They are accepted with a
 * warning; the manifest is still checked against the current rules.
 */
export const OLDER_SCHEMA_URLS: readonly string[] = [
  '2025-07-09',
  '2025-09-16',
  '2025-09-29',
  '2025-10-11',
  '2025-10-17',
].map((v) => `https://static.modelcontextprotocol.io/schemas/${v}/server.schema.json`);

/** Package registries the official registry supports. */
export const REGISTRY_TYPES: readonly string[] = ['npm', 'pypi', 'oci', 'nuget', 'mcpb'];
/** Registry types whose packages name a version separately (OCI tags and MCPB URLs carry their own). */
export const VERSIONED_REGISTRY_TYPES: readonly string[] = ['npm', 'pypi', 'nuget'];

/** Transports of a package run locally. */
export const PACKAGE_TRANSPORT_TYPES: readonly string[] = ['stdio', 'streamable-http', 'sse'];
/** Transports of a remote (hosted) server. */
export const REMOTE_TRANSPORT_TYPES: readonly string[] = ['streamable-http', 'sse'];

/** Permission kinds of our extension block. */
export const PERMISSION_KINDS: readonly PermissionKind[] = [
  'FILE_READ',
  'FILE_WRITE',
  'EXECUTE',
  'NETWORK',
  'ENVIRONMENT',
  'PROCESS',
];
