import { escapeForDisplay, excerpt } from '../../text/escape';
import type { TextKind } from '../../text/collect';
import type { RuleFamily, Severity } from '../../types';
import type { AnalysedText, Emit, Rule, RuleContext, Segment } from '../types';
import { isIdentifier, where } from './where';

/**
 * Builds a phrase regex from a readable source: a literal space stands for "any run of spaces,
 * punctuation or underscores, possibly empty", so `ignore previous` also matches `ignore_previous`,
 * `ignore **previous**` and the joined `ignoreprevious` left by de-spacing `i g n o r e  p r e v i o u s`.
 * Write sources in lower case, without accents (they read the folded text).
 */
export function phrase(source: string, flags = ''): RegExp {
  return new RegExp(source.replace(/ /g, '[\\W_]*'), flags);
}

/** Latin-script patterns read `folded`; Chinese, Japanese and Russian patterns read `plain`. */
export interface PhraseSet {
  latin?: readonly RegExp[];
  native?: readonly RegExp[];
}

export interface PhraseHit {
  segment: Segment;
  form: 'folded' | 'plain';
  index: number;
  match: string;
  /** The whole string in the form the hit was found in. */
  text: string;
  /** Named capture groups of the match (e.g. `tool` for a referenced tool name). */
  groups: Record<string, string | undefined>;
}

/** Every hit of `set` over the segments of `item` (at most one per regex per segment). */
export function findHits(item: AnalysedText, set: PhraseSet): PhraseHit[] {
  const hits: PhraseHit[] = [];
  for (const segment of item.segments) {
    for (const [form, list] of [
      ['folded', set.latin],
      ['plain', set.native],
    ] as const) {
      if (!list) continue;
      const text = segment[form];
      for (const re of list) {
        const m = re.exec(text);
        if (m) hits.push({ segment, form, index: m.index, match: m[0], text, groups: m.groups ?? {} });
      }
    }
  }
  return hits;
}

const OPEN_QUOTE = /(?:^|[\s(:[])["“«'‘`]|["“«]/;
const CLOSE_QUOTE = /["”»`]|['’](?![a-z])/;
const DETECTION_CONTEXT =
  /\b(?:detect\w*|flag\w*|scan\w*|block\w*|filter\w*|classif\w*|injection|jailbreak\w*|attacks?|such as|e ?g|for example|for instance|examples? of)\b/;

/**
 * True when the hit is quoted inside a sentence about detecting attacks ("detects phrases like
 * 'ignore previous instructions'"): a prompt-injection scanner describing itself, not an injection.
 */
export function isQuotedExample(item: AnalysedText, hit: PhraseHit): boolean {
  if (hit.segment.origin !== 'text') return false;
  const before = hit.text.slice(Math.max(0, hit.index - 60), hit.index);
  const after = hit.text.slice(hit.index + hit.match.length, hit.index + hit.match.length + 60);
  const open = before.search(/["“«'‘`][^"“”«»'‘’`]*$/);
  if (open < 0 || !OPEN_QUOTE.test(before.slice(Math.max(0, open - 1), open + 1))) return false;
  if (!CLOSE_QUOTE.test(after)) return false;
  return DETECTION_CONTEXT.test(item.norm.folded);
}

export interface PhraseRuleSpec {
  id: string;
  family: RuleFamily;
  severity: Severity;
  description: string;
  set: PhraseSet;
  /** What the match means, e.g. "an instruction to ignore previous instructions". */
  meaning: string;
  /** Kinds to read; default: every kind except identifiers and install-time package text. */
  kinds?: readonly TextKind[];
  /** Extra check on a hit (e.g. a referenced tool is not one of the manifest's own). */
  accept?: (hit: PhraseHit, item: AnalysedText, ctx: RuleContext) => boolean;
  /** Hits quoted as examples in a detection context go to `hidden-instructions.quoted-example`. */
  quotable?: boolean;
}

const ORIGIN_NOTE: Record<Segment['origin'], string> = {
  text: '',
  base64: ' (inside base64-encoded text)',
  hex: ' (inside hex-encoded text)',
  percent: ' (inside percent-encoded text)',
  escapes: ' (inside \\u-escaped text)',
  tags: ' (spelled in invisible Unicode tag characters)',
};

/** A rule that reports the first accepted phrase hit of each string. */
export function phraseRule(spec: PhraseRuleSpec): Rule {
  const { set, meaning, kinds, accept, quotable = true } = spec;
  return {
    id: spec.id,
    family: spec.family,
    severity: spec.severity,
    description: spec.description,
    text(item: AnalysedText, ctx: RuleContext, emit: Emit): void {
      if (kinds ? !kinds.includes(item.kind) : isIdentifier(item.kind) || item.kind === 'package-text')
        return;
      for (const hit of findHits(item, set)) {
        if (accept && !accept(hit, item, ctx)) continue;
        const evidence = escapeForDisplay(excerpt(hit.text, hit.index, hit.index + hit.match.length));
        if (quotable && isQuotedExample(item, hit)) {
          item.quoted.push({ ruleId: spec.id, evidence });
          continue;
        }
        emit(
          item.path,
          `${where(item.kind)} contains ${meaning}${ORIGIN_NOTE[hit.segment.origin]}.`,
          evidence,
        );
        return;
      }
    },
  };
}
