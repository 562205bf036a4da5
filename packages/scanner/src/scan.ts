import { readManifest, type ManifestView } from './manifest';
import { diffTools, toolPin, toolsetHash } from './pins';
import { ALL_RULES, RULE_ERROR } from './rules';
import { toolKey } from './rules/shared/tool-names';
import { isIdentifier } from './rules/shared/where';
import type { AnalysedText, Emit, PreviousScan, Rule, RuleContext, Segment } from './rules/types';
import { scoreOf, statusOf } from './score';
import { severityRank } from './severity';
import { scanChars } from './text/chars';
import { collectTexts, type TextItem } from './text/collect';
import { decodeBlobs } from './text/decode';
import { normalise } from './text/normalise';
import type { Finding, ScanContext, ScanResult, ToolChanges } from './types';

/** At most this many findings per rule and manifest (a hostile manifest cannot flood the report). */
export const MAX_FINDINGS_PER_RULE = 50;

function analyse(item: TextItem): AnalysedText {
  const chars = scanChars(item.raw);
  const norm = normalise(item.raw);
  const segments: Segment[] = [{ origin: 'text', plain: norm.plain, folded: norm.folded }];
  if (!isIdentifier(item.kind) && item.kind !== 'param-name') {
    for (const blob of decodeBlobs(norm.clean)) {
      const n = normalise(blob.text);
      segments.push({ origin: blob.encoding, plain: n.plain, folded: n.folded });
    }
  }
  if (chars.tagText.trim()) {
    const n = normalise(chars.tagText);
    segments.push({ origin: 'tags', plain: n.plain, folded: n.folded });
  }
  return { ...item, chars, norm, segments, quoted: [], memo: new Map() };
}

function sanitiseContext(context: unknown): ScanContext {
  if (typeof context !== 'object' || context === null) return {};
  const c = context as Record<string, unknown>;
  const out: ScanContext = {};
  if (Array.isArray(c.knownServerNames)) out.knownServerNames = c.knownServerNames as readonly string[];
  const prev = c.previousVersion;
  if (typeof prev === 'object' && prev !== null && 'manifest' in prev) {
    const p = prev as Record<string, unknown>;
    out.previousVersion = { version: typeof p.version === 'string' ? p.version : '?', manifest: p.manifest };
  }
  return out;
}

class FindingSink {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();
  private readonly perRule = new Map<string, number>();

  emitter(rule: Pick<Rule, 'id' | 'severity'>): Emit {
    return (path, message, evidence) => {
      const key = rule.id + '\u0000' + path.join('\u0001');
      if (this.seen.has(key)) return;
      const n = this.perRule.get(rule.id) ?? 0;
      if (n >= MAX_FINDINGS_PER_RULE) return;
      this.seen.add(key);
      this.perRule.set(rule.id, n + 1);
      const finding: Finding = { ruleId: rule.id, severity: rule.severity, message, path: [...path] };
      if (evidence !== undefined && evidence !== '') finding.evidence = evidence;
      this.findings.push(finding);
    };
  }

  /** Runs one check, turning a thrown error into a `scanner.rule-error` finding instead of failing the scan. */
  guard(rule: Rule, path: string[], fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.emitter(RULE_ERROR)(
        path,
        `Rule ${rule.id} failed: ${err instanceof Error ? err.message : String(err)}.`,
      );
    }
  }
}

interface CoreScan {
  view: ManifestView;
  findings: Finding[];
}

function runRules(
  view: ManifestView,
  scan: ScanContext,
  previous?: PreviousScan,
  toolChanges?: ToolChanges,
): CoreScan {
  const texts = collectTexts(view).map(analyse);
  const sink = new FindingSink();
  const ctx: RuleContext = {
    view,
    texts,
    ownToolNames: new Set(view.tools.flatMap((t) => (t.name ? [toolKey(t.name)] : []))),
    scan,
    previous,
    toolChanges,
    findings: sink.findings,
  };
  for (const rule of ALL_RULES) {
    if (rule.text) {
      const emit = sink.emitter(rule);
      const check = rule.text.bind(rule);
      for (const item of texts) sink.guard(rule, item.path, () => check(item, ctx, emit));
    }
    if (rule.manifest) {
      const check = rule.manifest.bind(rule);
      sink.guard(rule, [], () => check(ctx, sink.emitter(rule)));
    }
  }
  for (const rule of ALL_RULES) {
    if (!rule.after) continue;
    const check = rule.after.bind(rule);
    sink.guard(rule, [], () => check(ctx, sink.emitter(rule)));
  }
  return { view, findings: sink.findings };
}

function comparePaths(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      const x = Number(a[i]);
      const y = Number(b[i]);
      if (Number.isInteger(x) && Number.isInteger(y) && String(x) === a[i] && String(y) === b[i])
        return x - y;
      return a[i] < b[i] ? -1 : 1;
    }
  }
  return a.length - b.length;
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      comparePaths(a.path, b.path) ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

/**
 * Scans one manifest. Pure, deterministic and offline; never throws, whatever `manifest` is (junk input
 * simply yields fewer findings). See `RULES` for what is checked and `score.ts` for status and score.
 */
export function scanManifest(manifest: unknown, context?: ScanContext): ScanResult {
  const scan = sanitiseContext(context);
  const view = readManifest(manifest);
  let previous: PreviousScan | undefined;
  let toolChanges: ToolChanges | undefined;
  if (scan.previousVersion) {
    const prevView = readManifest(scan.previousVersion.manifest);
    const prevScan = runRules(prevView, {});
    previous = { version: scan.previousVersion.version, view: prevView, findings: prevScan.findings };
    toolChanges = diffTools(scan.previousVersion.manifest, manifest);
  }
  const { findings } = runRules(view, scan, previous, toolChanges);
  const toolPins = view.tools.map((t) => ({ name: t.name ?? '', hash: toolPin(t.tool) }));
  const result: ScanResult = {
    status: statusOf(findings),
    score: scoreOf(findings),
    findings: sortFindings(findings),
    toolPins,
    toolsetHash: toolsetHash(toolPins),
  };
  if (toolChanges) result.toolChanges = toolChanges;
  return result;
}
