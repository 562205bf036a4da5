import type { CharHit } from '../../text/chars';

/** `U+200B ×3, U+2060` — a short summary of the offending code points. */
export function describeHits(hits: readonly CharHit[], max = 4): string {
  const counts = new Map<number, number>();
  for (const h of hits) counts.set(h.codePoint, (counts.get(h.codePoint) ?? 0) + 1);
  const parts = [...counts].slice(0, max).map(([cp, n]) => {
    const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
    return n > 1 ? `${hex} ×${n}` : hex;
  });
  if (counts.size > max) parts.push('…');
  return parts.join(', ');
}
