/**
 * A hand-written fold table for the common Latin look-alikes (after NFKC, which already maps fullwidth,
 * mathematical, enclosed and superscript letters to ASCII). Inspired by the Unicode confusables data
 * (UTS #39), restricted to the Cyrillic, Greek, Armenian and Latin-extension letters that pass for ASCII
 * letters in ordinary fonts. Upper and lower case are mapped separately because they look different
 * (Greek `Η` looks like `H`, its lower case `η` like `n`).
 */
const PAIRS: readonly [string, string][] = [
  // Cyrillic upper case
  ['АВЕЅІЈКМНОРСТХУԚԜҺӀЁЇ', 'ABESIJKMHOPCTXYQWHIEI'],
  // Cyrillic lower case
  ['аеѕіјорсхуԛԝһӏёїԁɡвкмнт', 'aesijopcxyqwhleidgbkmht'],
  // Greek upper case
  ['ΑΒΕΖΗΙΚΜΝΟΡΤΥΧϜ', 'ABEZHIKMNOPTYXF'],
  // Greek lower case
  ['αορικντυχγεωϲϳ', 'aopikvtuxyewcj'],
  // Armenian
  ['օսցհոզ', 'oughnq'],
  // Latin look-alikes that NFKC leaves alone
  ['ıȷɑɩʏᴀʙᴄᴅᴇɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ', 'ijaiyabcdeghijklmnoprstuvwyz'],
];

const FOLD = new Map<number, string>();
for (const [from, to] of PAIRS) {
  const src = [...from];
  const dst = [...to];
  if (src.length !== dst.length) throw new Error(`confusables: table length mismatch in ${from}`);
  src.forEach((c, i) => FOLD.set(c.codePointAt(0)!, dst[i]));
}
FOLD.set(0x00df, 'ss'); // ß
FOLD.set(0x00e6, 'ae'); // æ
FOLD.set(0x0153, 'oe'); // œ
FOLD.set(0x00f8, 'o'); // ø
FOLD.set(0x0142, 'l'); // ł
FOLD.set(0x0111, 'd'); // đ

/** Typographic quotes and apostrophes, folded so that patterns can write `'` and `"` (not letters: see isConfusable). */
const PUNCTUATION = new Map<number, string>([
  [0x2018, "'"],
  [0x2019, "'"],
  [0x201b, "'"],
  [0x02bc, "'"],
  [0x2032, "'"],
  [0x201c, '"'],
  [0x201d, '"'],
  [0x201e, '"'],
  [0x201f, '"'],
  [0x2033, '"'],
]);

const COMBINING = /[\u0300-\u036f]/g;

function isLatinExtended(cp: number): boolean {
  return (cp >= 0xc0 && cp <= 0x24f) || (cp >= 0x1e00 && cp <= 0x1eff);
}

/** True when the code point is folded to a different ASCII letter by {@link foldConfusables}. */
export function isConfusable(cp: number): boolean {
  return FOLD.has(cp);
}

/**
 * Maps look-alike letters to ASCII and strips accents from Latin letters (`é` → `e`), so that phrase
 * rules written in ASCII match Cyrillic/Greek disguises and accented French, Spanish and German alike.
 * Non-Latin text without look-alikes (Chinese, Japanese, most Russian words) passes through unchanged
 * apart from its confusable letters, which is why the non-Latin phrase rules read the unfolded text.
 */
export function foldConfusables(s: string): string {
  let out = '';
  let changed = false;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      out += ch;
      continue;
    }
    const mapped = FOLD.get(cp) ?? PUNCTUATION.get(cp);
    if (mapped !== undefined) {
      out += mapped;
      changed = true;
    } else if (isLatinExtended(cp)) {
      out += ch.normalize('NFD').replace(COMBINING, '');
      changed = true;
    } else if (cp >= 0x300 && cp <= 0x36f) {
      changed = true; // a stray combining mark
    } else {
      out += ch;
    }
  }
  return changed ? out : s;
}

/**
 * The comparison key of an identifier (server or tool name) for look-alike detection: NFKC, confusables
 * folded, then the ASCII look-alikes `I`/`1`/`|` → `l`, `0` → `o`, `rn` → `m`, `vv` → `w`, and case folded.
 * Lower-case `i` is *not* mapped to `l`: `mail` and `mall` are different names.
 */
export function nameSkeleton(name: string): string {
  let s = foldConfusables(name.normalize('NFKC'));
  s = s.replace(/[I1|]/g, 'l').replace(/0/g, 'o').toLowerCase();
  return s.replace(/rn/g, 'm').replace(/vv/g, 'w');
}
