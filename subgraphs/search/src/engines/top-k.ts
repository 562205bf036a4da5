/**
 * Keeps the k best (slot, score) pairs without sorting every candidate: higher score first, and on equal
 * scores the lower slot (insertion order), so results are deterministic whatever order pairs are offered in.
 *
 * A binary heap with the worst kept pair at the root: O(log k) per accepted offer. The insertion sort it
 * replaced cost O(k) per accepted offer, which at k = 500 over thousands of BM25 matches was a visible share
 * of query time.
 */
export class TopK {
  private readonly slots: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  offer(slot: number, score: number): void {
    if (this.k <= 0) return;
    const n = this.scores.length;
    if (n < this.k) {
      this.scores.push(score);
      this.slots.push(slot);
      this.siftUp(n);
      return;
    }
    // The root is the worst kept pair: a candidate enters only if it beats it.
    if (!better(score, slot, this.scores[0]!, this.slots[0]!)) return;
    this.scores[0] = score;
    this.slots[0] = slot;
    this.siftDown(0);
  }

  /**
   * Once k pairs are kept, the worst kept score (else -Infinity). A caller offering slots in increasing
   * order may skip any score at or below it: an equal score on a later slot ranks below the kept one.
   */
  get floor(): number {
    return this.scores.length < this.k ? -Infinity : this.scores[0]!;
  }

  sorted(): { slot: number; score: number }[] {
    const out = this.slots.map((slot, i) => ({ slot, score: this.scores[i]! }));
    return out.sort((a, b) => b.score - a.score || a.slot - b.slot);
  }

  /** True when the pair at `i` is worse than the pair at `j` (it belongs nearer the root). */
  private worse(i: number, j: number): boolean {
    return better(this.scores[j]!, this.slots[j]!, this.scores[i]!, this.slots[i]!);
  }

  private swap(i: number, j: number): void {
    const s = this.scores[i]!;
    this.scores[i] = this.scores[j]!;
    this.scores[j] = s;
    const t = this.slots[i]!;
    this.slots[i] = this.slots[j]!;
    this.slots[j] = t;
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.scores.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) return;
      const right = left + 1;
      const child = right < n && this.worse(right, left) ? right : left;
      if (!this.worse(child, i)) return;
      this.swap(i, child);
      i = child;
    }
  }
}

/** Whether (score, slot) ranks above (otherScore, otherSlot). */
function better(score: number, slot: number, otherScore: number, otherSlot: number): boolean {
  return score > otherScore || (score === otherScore && slot < otherSlot);
}
