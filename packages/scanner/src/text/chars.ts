/**
 * Character classes that hide or disguise text: zero-width and other invisible format characters, Unicode
 * tag characters (ASCII smuggling), bidi controls (Trojan Source), C0/C1 controls and ANSI escapes, and
 * "blank" fillers. One pass over the code points of a string reports every suspicious occurrence, minus
 * the legitimate uses (emoji ZWJ sequences, ZWNJ/ZWJ in Arabic and Indic scripts, a leading BOM, emoji
 * flag tag sequences, LRM/RLM in right-to-left text).
 */

export interface CharHit {
  /** UTF-16 index in the string. */
  index: number;
  codePoint: number;
}

export interface CharScan {
  zeroWidth: CharHit[];
  fillers: CharHit[];
  /** Tag characters outside an emoji flag sequence, and the ASCII text they spell. */
  tags: CharHit[];
  tagText: string;
  bidi: CharHit[];
  controls: CharHit[];
  /** Number of ANSI escape sequences (ESC [ … or the one-byte CSI). */
  ansiSequences: number;
}

/** Strings made only of printable ASCII, tab and LF need no character scan at all (the common case). */
const PLAIN_ASCII = /^[\x20-\x7e\t\n]*$/;

export function isPlainAscii(s: string): boolean {
  return PLAIN_ASCII.test(s);
}

/** Every UTF-16 unit is below 0x80. */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

const ZERO_WIDTH = new Set([
  0x00ad, // soft hyphen
  0x034f, // combining grapheme joiner
  0x061c, // arabic letter mark is bidi; listed there instead (removed below)
  0x115f,
  0x1160,
  0x17b4,
  0x17b5,
  0x180e, // mongolian vowel separator
  0x200b,
  0x200c,
  0x200d,
  0x2060,
  0x2061,
  0x2062,
  0x2063,
  0x2064,
  0xfeff,
  0x1d159,
  0x1d173,
  0x1d174,
  0x1d175,
  0x1d176,
  0x1d177,
  0x1d178,
  0x1d179,
  0x1d17a,
]);
ZERO_WIDTH.delete(0x061c);

/** Characters that render as blank space but are letters or symbols, so they survive whitespace trimming. */
const FILLERS = new Set([0x2800, 0x3164, 0xffa0, 0x115f, 0x1160]);
const BIDI_CONTROLS = new Set([0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
const BIDI_MARKS = new Set([0x200e, 0x200f, 0x061c]);

const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const JOINING_SCRIPT =
  /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Myanmar}\p{Script=Khmer}\p{Script=Mongolian}\p{Mn}\p{Mc}]/u;
const RTL_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

function isVariationSelector(cp: number): boolean {
  return (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
}
function isSkinTone(cp: number): boolean {
  return cp >= 0x1f3fb && cp <= 0x1f3ff;
}
function isTag(cp: number): boolean {
  return cp >= 0xe0000 && cp <= 0xe007f;
}

/** Code points of `s` with their UTF-16 indexes. */
function codePoints(s: string): { cps: number[]; idx: number[] } {
  const cps: number[] = [];
  const idx: number[] = [];
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i)!;
    cps.push(cp);
    idx.push(i);
    i += cp > 0xffff ? 2 : 1;
  }
  return { cps, idx };
}

function emojiBefore(cps: number[], k: number): boolean {
  let j = k - 1;
  while (j >= 0 && (isVariationSelector(cps[j]) || isSkinTone(cps[j]))) j--;
  return j >= 0 && PICTOGRAPHIC.test(String.fromCodePoint(cps[j]));
}
function emojiAfter(cps: number[], k: number): boolean {
  return k + 1 < cps.length && PICTOGRAPHIC.test(String.fromCodePoint(cps[k + 1]));
}
function joiningNeighbour(cps: number[], k: number): boolean {
  const prev = k > 0 ? String.fromCodePoint(cps[k - 1]) : '';
  const next = k + 1 < cps.length ? String.fromCodePoint(cps[k + 1]) : '';
  return JOINING_SCRIPT.test(prev) || JOINING_SCRIPT.test(next);
}

const EMPTY: CharScan = {
  zeroWidth: [],
  fillers: [],
  tags: [],
  tagText: '',
  bidi: [],
  controls: [],
  ansiSequences: 0,
};

/** Reports the hiding characters of `s` (see the module comment for what is allowed). */
export function scanChars(s: string): CharScan {
  if (isPlainAscii(s)) return EMPTY;
  const { cps, idx } = codePoints(s);
  const out: CharScan = {
    zeroWidth: [],
    fillers: [],
    tags: [],
    tagText: '',
    bidi: [],
    controls: [],
    ansiSequences: 0,
  };
  let rtl: boolean | undefined;
  let inFlag = false;
  let vsRun = 0;
  for (let k = 0; k < cps.length; k++) {
    const cp = cps[k];
    const hit = { index: idx[k], codePoint: cp };
    if (isVariationSelector(cp)) {
      // One selector after a base is ordinary emoji/CJK presentation; a run of them can carry data.
      vsRun++;
      if (vsRun >= 2) out.zeroWidth.push(hit);
      continue;
    }
    vsRun = 0;
    if (isTag(cp)) {
      if (cp === 0xe007f && inFlag) {
        inFlag = false;
        continue;
      }
      if (inFlag && ((cp >= 0xe0061 && cp <= 0xe007a) || (cp >= 0xe0030 && cp <= 0xe0039))) continue;
      out.tags.push(hit);
      if (cp >= 0xe0020 && cp <= 0xe007e) out.tagText += String.fromCharCode(cp - 0xe0000);
      continue;
    }
    inFlag = cp === 0x1f3f4 ? true : false;
    if (FILLERS.has(cp)) {
      out.fillers.push(hit);
      continue;
    }
    if (ZERO_WIDTH.has(cp)) {
      if (cp === 0xfeff && k === 0) continue;
      if (cp === 0x200d && emojiBefore(cps, k) && emojiAfter(cps, k)) continue;
      if ((cp === 0x200c || cp === 0x200d) && joiningNeighbour(cps, k)) continue;
      out.zeroWidth.push(hit);
      continue;
    }
    if (BIDI_CONTROLS.has(cp)) {
      out.bidi.push(hit);
      continue;
    }
    if (BIDI_MARKS.has(cp)) {
      if (rtl === undefined) rtl = RTL_LETTER.test(s);
      if (!rtl) out.bidi.push(hit);
      continue;
    }
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
      if (cp === 0x09 || cp === 0x0a) continue;
      if (cp === 0x0d && cps[k + 1] === 0x0a) continue;
      out.controls.push(hit);
      if ((cp === 0x1b && cps[k + 1] === 0x5b) || cp === 0x9b) out.ansiSequences++;
    }
  }
  return out;
}

/** Characters removed before phrase matching (whatever their context). */
export const STRIP_FOR_MATCHING =
  // eslint-disable-next-line no-misleading-character-class -- variation selectors and surrogate halves are matched as code units on purpose
  /[\u00ad\u034f\u061c\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufe00-\ufe0f\ufeff]|\udb40[\udc00-\udc7f\udd00-\uddef]|\ud834[\udd59\udd73-\udd7a]/g;

/** ANSI CSI sequences (ESC [ … final byte, or the one-byte CSI) and other escape sequences. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const ANSI_SEQUENCE = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]/g;

/** Remaining controls and blank fillers, turned into spaces before matching. */
export const CONTROLS_AND_FILLERS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u115f\u1160\u2800\u3164\uffa0]/g;
