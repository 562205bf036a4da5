/** Public types of `@mcpr/manifest`. */

/** `error` rejects the manifest; `warning` is reported but the manifest is still accepted. */
export type IssueSeverity = 'error' | 'warning';

/**
 * One validation problem.
 *
 * `path` is relative to the manifest root, one segment per step, array indexes as decimal strings
 * (e.g. `['packages', '0', 'transport', 'url']`); `[]` means the manifest as a whole. The GraphQL
 * layer prefixes it with the input field (`manifest`) to build a `UserError`.
 */
export interface ManifestIssue {
  severity: IssueSeverity;
  code: 'BAD_USER_INPUT';
  message: string;
  path: string[];
}

/** What a server declares it needs from the host (our extension block). */
export type PermissionKind = 'FILE_READ' | 'FILE_WRITE' | 'EXECUTE' | 'NETWORK' | 'ENVIRONMENT' | 'PROCESS';

/** Behaviour hints of a tool, as in the MCP `ToolAnnotations` type. */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** A tool the server exposes, from `_meta["io.mcpr/publisher-provided"].tools`. */
export interface ToolDefinition {
  name: string;
  title?: string;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: ToolAnnotations;
}

/** An installable package of the server (official `Package`); unknown fields are kept. */
export interface PackageInfo {
  registryType: string;
  identifier: string;
  version?: string;
  runtimeHint?: string;
  transport: { type: string; url?: string };
  [k: string]: unknown;
}

/** A hosted endpoint of the server (official `RemoteTransport`); unknown fields are kept. */
export interface RemoteInfo {
  type: string;
  url: string;
  [k: string]: unknown;
}

/** A declared permission with the resources it covers (paths, hosts, commands, variable names...). */
export interface Permission {
  kind: PermissionKind;
  patterns: string[];
}

/**
 * A manifest that passed validation, with the fields the registry indexes pulled out.
 * The nested objects (packages, remotes, schemas) are shared with `manifest`: treat them as read-only.
 */
export interface ValidManifest {
  /** Full server name, e.g. `io.github.alice/weather`. */
  name: string;
  /** The part before `/`, e.g. `io.github.alice`. */
  namespace: string;
  version: string;
  /** True when `version` is a strict SemVer 2.0.0 version (no `v` prefix, no range). */
  isSemver: boolean;
  title?: string;
  description: string;
  websiteUrl?: string;
  packages: PackageInfo[];
  remotes: RemoteInfo[];
  tools: ToolDefinition[];
  categories: string[];
  capabilities: string[];
  permissions: Permission[];
  /**
   * The manifest as it will be stored: a deep JSON copy of the input with the registry-managed
   * `_meta` blocks (`io.modelcontextprotocol.registry/official`, `io.mcpr/registry`) removed, and
   * `_meta` itself removed when that leaves it empty.
   */
  manifest: Record<string, unknown>;
}

/** The outcome of {@link validateManifest}; warnings are reported either way. */
export type ValidationResult =
  | { ok: true; value: ValidManifest; warnings: ManifestIssue[] }
  | { ok: false; errors: ManifestIssue[]; warnings: ManifestIssue[] };

/** Options of {@link validateManifest}. */
export interface ValidateOptions {
  /**
   * The clock, for time-dependent rules. No rule depends on time yet; the option is part of the
   * API so that callers (and tests) stay deterministic when one does.
   */
  now?: Date;
}
