/**
 * Size and count limits, enforced with errors (except the two `recommended...` lengths, which only
 * warn). Where the official registry has a limit, the same number is used and marked "official".
 */
export const LIMITS = {
  /** Bytes of the manifest's UTF-8 JSON form. A larger manifest gets one error and no further checks. */
  manifestBytes: 256 * 1024,
  /** Server name length (official schema: 3..200). */
  nameMinLength: 3,
  nameMaxLength: 200,
  /** Server and package version length (official schema: 255). */
  versionMaxLength: 255,
  /** Above this many characters a description or title gets a warning (official schema: an error). */
  recommendedDescriptionMaxChars: 100,
  recommendedTitleMaxChars: 100,
  /** Icons and their `src` length (official schema: 255). */
  icons: 20,
  iconSrcMaxLength: 255,
  packages: 50,
  remotes: 50,
  /** Arguments per list (`runtimeArguments`, `packageArguments`) and environment variables per package. */
  argumentsPerList: 100,
  environmentVariables: 100,
  /** Bytes of `_meta["io.modelcontextprotocol.registry/publisher-provided"]` (official: 4 KB). */
  officialPublisherMetaBytes: 4 * 1024,
  /** Bytes of all other (vendor) `_meta` entries together. */
  vendorMetaBytes: 16 * 1024,
  signatureKeyIdMaxLength: 256,
  /** Our extension block. */
  tools: 200,
  toolNameMaxLength: 128,
  toolTitleMaxChars: 256,
  toolDescriptionMaxChars: 10_000,
  /** Bytes of one tool's `inputSchema` or `outputSchema`, and its nesting depth. */
  toolSchemaBytes: 64 * 1024,
  toolSchemaMaxDepth: 64,
  categories: 32,
  capabilities: 32,
  /** Characters of one category or capability (after trimming). */
  slugMaxChars: 64,
  permissions: 32,
  patternsPerPermission: 64,
  permissionPatternMaxChars: 512,
} as const;

/** Server names (the part after `/`) that nobody may publish, compared case-insensitively. */
export const RESERVED_SERVER_NAMES: readonly string[] = Object.freeze([
  'system',
  'admin',
  'root',
  'bin',
  'sbin',
]);
