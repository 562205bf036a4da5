/**
 * `@mcpr/manifest`: parsing and validation of an MCP `server.json` manifest plus our extension block
 * (`_meta["io.mcpr/publisher-provided"]`). Pure code: no I/O, no GraphQL; used by the registry
 * subgraph and the CLI.
 */
export { validateManifest } from './validate';
export { LIMITS, RESERVED_SERVER_NAMES } from './limits';
export {
  CURRENT_SCHEMA_URL,
  OFFICIAL_META_KEY,
  OFFICIAL_PUBLISHER_META_KEY,
  OLDER_SCHEMA_URLS,
  PACKAGE_TRANSPORT_TYPES,
  PERMISSION_KINDS,
  PUBLISHER_META_KEY,
  REGISTRY_META_KEY,
  REGISTRY_TYPES,
  REMOTE_TRANSPORT_TYPES,
  SIGNATURE_META_KEY,
} from './constants';
export { checkToolSchema, DEFAULT_SCHEMA_DIALECT } from './json-schema';
export type { SchemaDialect, SchemaProblem } from './json-schema';
export { isStrictSemver, looksLikeVersionRange } from './rules/version';
export type {
  IssueSeverity,
  ManifestIssue,
  PackageInfo,
  Permission,
  PermissionKind,
  RemoteInfo,
  ToolAnnotations,
  ToolDefinition,
  ValidateOptions,
  ValidationResult,
  ValidManifest,
} from './types';
