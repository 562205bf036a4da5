/** Display form of an excerpt: invisible, control, bidi and tag characters as `\u{…}`, long blanks shortened. */
const HIDDEN =
  // eslint-disable-next-line no-misleading-character-class -- variation selectors are listed on purpose, to show them
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115f\u1160\u2800\u3164\uffa0\ufe00-\ufe0f\u{e0100}-\u{e01ef}\u{1d159}\u{1d173}-\u{1d17a}]/gu;

export function escapeForDisplay(s: string, max = 160): string {
  let out = s.replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  out = out.replace(HIDDEN, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`);
  out = out.replace(/ {8,}/g, (run) => `⟨${run.length} spaces⟩`);
  if (out.length > max) out = out.slice(0, max - 1) + '…';
  return out;
}

/** The part of `text` around [start, end), with ellipses where it was cut. */
export function excerpt(text: string, start: number, end: number, context = 40): string {
  const from = Math.max(0, start - context);
  const to = Math.min(text.length, end + context);
  return (from > 0 ? '…' : '') + text.slice(from, to) + (to < text.length ? '…' : '');
}
