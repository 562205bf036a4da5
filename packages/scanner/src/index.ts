/**
 * `@mcpr/scanner`: the deterministic, offline security scanner for MCP server manifests (used by the
 * trust subgraph and the CLI). `scanManifest` reads every model-visible string raw (for invisible
 * characters) and normalised (NFKC, confusables folded, zero-width removed, encoded blobs decoded once)
 * for the phrase rules, plus the packaging, naming and capability parts of the manifest; `toolPin`,
 * `toolsetHash` and `diffTools` pin tool definitions for rug-pull detection.
 */
export type {
  Finding,
  PinnedTool,
  RuleFamily,
  RuleInfo,
  ScanContext,
  ScanResult,
  ScanStatus,
  Severity,
  ToolChange,
  ToolChanges,
  ToolPinEntry,
} from './types';
export { scanManifest } from './scan';
export { diffTools, toolPin, toolsetHash, PINNED_FIELDS } from './pins';
export { RULES } from './rules';
export { statusOf, scoreOf, SEVERITY_WEIGHT, STATUS_BANDS } from './score';
export { SEVERITIES } from './severity';
export { normalise, type NormalisedText } from './text/normalise';
export { foldConfusables, nameSkeleton } from './text/confusables';
export { PUBLISHER_META_KEY } from './manifest';
export { RUNTIME_HINT_ALLOWLIST } from './rules/shared/runtime-hints';
