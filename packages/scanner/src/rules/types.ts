import type { ManifestView } from '../manifest';
import type { CharScan } from '../text/chars';
import type { TextItem } from '../text/collect';
import type { BlobEncoding } from '../text/decode';
import type { NormalisedText } from '../text/normalise';
import type { Finding, RuleInfo, ScanContext, ToolChanges } from '../types';

/** One form of a string that phrase rules read: the string itself, or text decoded from inside it. */
export interface Segment {
  origin: 'text' | BlobEncoding | 'tags';
  plain: string;
  folded: string;
}

/** A phrase match that was left to `hidden-instructions.quoted-example` (quoted, in a detection context). */
export interface QuotedMatch {
  ruleId: string;
  evidence: string;
}

/** A collected string with everything the text rules need, computed once per scan. */
export interface AnalysedText extends TextItem {
  chars: CharScan;
  norm: NormalisedText;
  /** `segments[0]` is the string itself; decoded blobs and tag-character text follow. */
  segments: Segment[];
  quoted: QuotedMatch[];
  /** Per-scan memo for analyses shared by several rules (keyed by the helper that stored it). */
  memo: Map<string, unknown>;
}

export interface PreviousScan {
  version: string;
  view: ManifestView;
  findings: Finding[];
}

/** What a rule can read. Built once per scan; rules must not mutate it. */
export interface RuleContext {
  view: ManifestView;
  texts: AnalysedText[];
  /** Lower-cased names of the manifest's own tools (references to them are not shadowing). */
  ownToolNames: ReadonlySet<string>;
  scan: ScanContext;
  previous?: PreviousScan;
  toolChanges?: ToolChanges;
  /** Findings of the text and manifest rules, for the rules that run last (rug-pull). */
  findings: readonly Finding[];
}

export interface Emit {
  (path: string[], message: string, evidence?: string): void;
}

/**
 * A rule: its metadata plus one or more checks. `text` runs once per analysed string, `manifest` once per
 * manifest, `after` once after every other rule (it sees their findings). Each finding a rule emits carries
 * the rule's own id and severity.
 */
export interface Rule extends RuleInfo {
  text?(item: AnalysedText, ctx: RuleContext, emit: Emit): void;
  manifest?(ctx: RuleContext, emit: Emit): void;
  after?(ctx: RuleContext, emit: Emit): void;
}
