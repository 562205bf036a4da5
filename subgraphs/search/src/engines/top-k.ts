/**
 * Keeps the k best (slot, score) pairs without sorting every candidate: higher score first, and on equal
 * scores the lower slot (insertion order), so results are deterministic whatever order pairs are offered in.
 */
export class TopK {
  private readonly slots: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  offer(slot: number, score: number): void {
    if (this.k <= 0) return;
    const n = this.scores.length;
    if (n === this.k && !this.beats(score, slot, n - 1)) return;
    let i = n === this.k ? n - 1 : n;
    while (i > 0 && this.beats(score, slot, i - 1)) {
      if (i < this.k) {
        this.scores[i] = this.scores[i - 1]!;
        this.slots[i] = this.slots[i - 1]!;
      }
      i--;
    }
    this.scores[i] = score;
    this.slots[i] = slot;
  }

  sorted(): { slot: number; score: number }[] {
    return this.slots.map((slot, i) => ({ slot, score: this.scores[i]! }));
  }

  private beats(score: number, slot: number, at: number): boolean {
    const other = this.scores[at]!;
    return score > other || (score === other && slot < this.slots[at]!);
  }
}
