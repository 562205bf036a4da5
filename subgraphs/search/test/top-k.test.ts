import fc from 'fast-check';
import { TopK } from '../src/engines/top-k';

describe('TopK', () => {
  it('equals a full sort (score desc, then slot asc) truncated to k, in any offer order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer(),
        (scores, k, seed) => {
          const pairs = scores.map((score, slot) => ({ slot, score }));
          const shuffled = [...pairs].sort(
            (a, b) => ((a.slot * 7919 + seed) % 101) - ((b.slot * 7919 + seed) % 101),
          );
          const top = new TopK(k);
          for (const { slot, score } of shuffled) top.offer(slot, score);
          const expected = [...pairs].sort((a, b) => b.score - a.score || a.slot - b.slot).slice(0, k);
          expect(top.sorted()).toEqual(expected);
        },
      ),
    );
  });
});
