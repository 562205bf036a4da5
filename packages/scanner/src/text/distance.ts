/** Row buffers reused across calls (the scanner is synchronous, so one set is enough). */
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions) with a cut-off: returns
 * `max + 1` as soon as the distance must exceed `max`. The common prefix and suffix are skipped first and
 * the band is `2 × max + 1` wide, so comparing a name against a few hundred known names stays cheap.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const INF = max + 1;
  if (Math.abs(a.length - b.length) > max) return INF;
  let start = 0;
  while (start < a.length && start < b.length && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  // Keep one character of the prefix so that a transposition across the boundary is still seen.
  if (start > 0) start--;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  if (endA < a.length) {
    endA++;
    endB++;
  }
  const n = endA - start;
  const m = endB - start;
  if (n === 0 || m === 0) return Math.min(INF, Math.max(n, m));
  if (rows[0].length < m + 1) rows = [new Int32Array(m + 1), new Int32Array(m + 1), new Int32Array(m + 1)];
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= m; j++) prev[j] = j <= max ? j : INF;
  for (let i = 1; i <= n; i++) {
    cur.fill(INF, 0, m + 1);
    if (i <= max) cur[0] = i;
    const from = Math.max(1, i - max);
    const to = Math.min(m, i + max);
    let rowMin = cur[0];
    const ca = a.charCodeAt(start + i - 1);
    for (let j = from; j <= to; j++) {
      const cb = b.charCodeAt(start + j - 1);
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(start + j - 2) && a.charCodeAt(start + i - 2) === cb) {
        v = Math.min(v, prev2[j - 2] + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return INF;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[m], INF);
}
