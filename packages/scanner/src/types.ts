/** Public types of `@mcpr/scanner`. */

/** Finding severity; the same enum as the GraphQL `Severity` (contract README). */
export type Severity = 'INFO' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** Scan outcome; `PENDING` (GraphQL) belongs to the trust subgraph, never to a finished scan. */
export type ScanStatus = 'PASSED' | 'WARNED' | 'FAILED';

/** One thing the scanner flagged. */
export interface Finding {
  /** Stable rule id, e.g. `hidden-instructions.override` (see {@link RULES}). */
  ruleId: string;
  severity: Severity;
  /** One sentence a publisher can act on. */
  message: string;
  /**
   * JSON path from the manifest root, one segment per step, array indexes as decimal strings, e.g.
   * `['_meta', 'io.mcpr/publisher-provided', 'tools', '2', 'description']`.
   */
  path: string[];
  /** Short excerpt of what matched, with invisible and control characters escaped for display. */
  evidence?: string;
}

/** What the scanner may know besides the manifest. */
export interface ScanContext {
  /** Names of servers already in the registry, for typosquat and homoglyph checks. */
  knownServerNames?: readonly string[];
  /** The previous version of the same server, for tool pinning (rug-pull) checks. */
  previousVersion?: { version: string; manifest: unknown };
}

/** The fields of a tool that a pin covers (absent fields are left out). */
export interface PinnedTool {
  name?: unknown;
  title?: unknown;
  description?: unknown;
  inputSchema?: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
}

/** A same-name tool whose pin changed between two versions. */
export interface ToolChange {
  name: string;
  before: PinnedTool;
  after: PinnedTool;
  beforeHash: string;
  afterHash: string;
  /** Which pinned fields differ (`description`, `inputSchema`, ...). */
  fields: string[];
}

/** Tool-level difference between two versions of a server. */
export interface ToolChanges {
  added: PinnedTool[];
  removed: PinnedTool[];
  changed: ToolChange[];
}

export interface ToolPinEntry {
  name: string;
  hash: string;
}

export interface ScanResult {
  status: ScanStatus;
  /** 0–100, higher is safer; see `score.ts` for the formula. */
  score: number;
  /** Sorted by severity (worst first), then path, then rule id. */
  findings: Finding[];
  /** One pin per tool, in manifest order. */
  toolPins: ToolPinEntry[];
  /** Hash over the sorted tool pins. */
  toolsetHash: string;
  /** Present when `context.previousVersion` was given. */
  toolChanges?: ToolChanges;
}

/** Metadata of one rule (what {@link RULES} lists). */
export interface RuleInfo {
  id: string;
  family: RuleFamily;
  severity: Severity;
  description: string;
}

export type RuleFamily =
  | 'hidden-instructions'
  | 'exfiltration'
  | 'invisible-characters'
  | 'names'
  | 'packaging'
  | 'capabilities'
  | 'rug-pull'
  | 'scanner';
