import { ANSI_SEQUENCE, CONTROLS_AND_FILLERS, STRIP_FOR_MATCHING, isPlainAscii } from './chars';
import { foldConfusables } from './confusables';

/** The forms of one string that the phrase rules read. */
export interface NormalisedText {
  /** Hiding characters removed, ANSI escapes and controls turned into spaces, NFKC; case kept (for decoding). */
  clean: string;
  /** `clean`, lower-cased, whitespace collapsed: what the Chinese, Japanese and Russian rules read. */
  plain: string;
  /**
   * `plain` with look-alike letters folded to ASCII, accents stripped and letter-spaced words
   * (`i g n o r e`, `i.g.n.o.r.e`) joined: what the English, Spanish, French and German rules read.
   */
  folded: string;
}

const WHITESPACE = /\s+/g;
/**
 * Five or more single letters separated by one space or punctuation mark (`i g n o r e`, `i.g.n.o.r.e`),
 * where a gap of 2–4 spaces separates words (`I G N O R E   A L L`).
 */
const LETTER_SPACED = /(?<![a-z0-9])[a-z](?:(?:[ .\-_*·|/]| {2,4})[a-z]){4,}(?![a-z0-9])/g;
const WORD_GAP = / {2,4}/g;
const SPACER = /[ .\-_*·|/]/g;

function collapse(s: string): string {
  return s.replace(WHITESPACE, ' ').trim();
}

/** Normalises one model-visible string (see {@link NormalisedText}). */
export function normalise(raw: string): NormalisedText {
  if (isPlainAscii(raw)) {
    const lower = raw.toLowerCase();
    return { clean: raw, plain: collapse(lower), folded: collapse(despace(lower)) };
  }
  const clean = raw
    .replace(ANSI_SEQUENCE, ' ')
    .replace(STRIP_FOR_MATCHING, '')
    .replace(CONTROLS_AND_FILLERS, ' ')
    .normalize('NFKC');
  const plain = collapse(clean.toLowerCase());
  // De-spacing runs before whitespace is collapsed, so that `I G N O R E   P R E V I O U S` keeps its word gap.
  const folded = collapse(despace(foldConfusables(clean).toLowerCase()));
  return { clean, plain, folded };
}

function despace(s: string): string {
  if (s.length < 9) return s;
  return s.replace(LETTER_SPACED, (run) =>
    run.replace(WORD_GAP, '\n').replace(SPACER, '').replace(/\n/g, ' '),
  );
}
