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

  it('skipping scores at or below the floor, slots offered in increasing order, changes nothing', () => {
    fc.assert(
      fc.property(
        // Few distinct scores, so ties with the floor are common.
        fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 300 }),
        fc.integer({ min: 0, max: 30 }),
        (scores, k) => {
          const all = new TopK(k);
          const skipping = new TopK(k);
          let floor = skipping.floor;
          scores.forEach((score, slot) => {
            all.offer(slot, score);
            if (score <= floor) return;
            skipping.offer(slot, score);
            floor = skipping.floor;
          });
          expect(skipping.sorted()).toEqual(all.sorted());
        },
      ),
    );
  });
});
