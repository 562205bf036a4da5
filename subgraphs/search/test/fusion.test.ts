import fc from 'fast-check';
import {
  boundNormalize,
  convexCombination,
  fuse,
  minMaxNormalize,
  normalizeLeg,
  type FusedHit,
  reciprocalRankFusion,
  type LegResult,
} from '../src/domain/fusion';
import { DEFAULT_SEARCH_CONFIG } from '../src/domain/search-config';

const scores = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 50 });
const inUnit = (x: number) => x >= 0 && x <= 1;

describe('normalisation', () => {
  it('min-max maps into [0, 1], best to 1, and preserves order', () => {
    fc.assert(
      fc.property(scores, (xs) => {
        const n = minMaxNormalize(xs);
        expect(n.every(inUnit)).toBe(true);
        if (xs.length) expect(Math.max(...n)).toBe(1);
        for (let i = 0; i < xs.length; i++)
          for (let j = 0; j < xs.length; j++) if (xs[i]! < xs[j]!) expect(n[i]!).toBeLessThanOrEqual(n[j]!);
      }),
    );
  });

  it('theoretical bounds clamp into [0, 1] and are monotonic', () => {
    fc.assert(
      fc.property(
        scores,
        fc.double({ min: -10, max: 0, noNaN: true }),
        fc.double({ min: 0.001, max: 100, noNaN: true }),
        (xs, lo, span) => {
          const n = boundNormalize(xs, lo, lo + span);
          expect(n.every(inUnit)).toBe(true);
          for (let i = 0; i < xs.length; i++)
            for (let j = 0; j < xs.length; j++) if (xs[i]! < xs[j]!) expect(n[i]!).toBeLessThanOrEqual(n[j]!);
        },
      ),
    );
    expect(boundNormalize([0.5], -1, 1)).toEqual([0.75]);
  });
});

describe('convex combination', () => {
  const unitMap = fc.dictionary(
    fc.string({ minLength: 1, maxLength: 3 }),
    fc.double({ min: 0, max: 1, noNaN: true }),
  );

  it('stays in [0, 1] and is monotonic in each leg', () => {
    fc.assert(
      fc.property(
        unitMap,
        unitMap,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, b, alpha, bump) => {
          const A = new Map(Object.entries(a));
          const B = new Map(Object.entries(b));
          const out = convexCombination(A, B, alpha);
          for (const v of out.values()) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1 + 1e-12);
          }
          // Raising one keyword score never lowers that document's fused score.
          for (const [id, s] of A) {
            const A2 = new Map(A).set(id, Math.min(1, s + bump));
            expect(convexCombination(A2, B, alpha).get(id)!).toBeGreaterThanOrEqual(out.get(id)! - 1e-12);
          }
        },
      ),
    );
  });

  it('alpha 0 is keyword only, alpha 1 is vector only', () => {
    const a = new Map([
      ['x', 1],
      ['y', 0.5],
    ]);
    const b = new Map([['y', 1]]);
    expect(convexCombination(a, b, 0)).toEqual(
      new Map([
        ['x', 1],
        ['y', 0.5],
      ]),
    );
    expect(convexCombination(a, b, 1)).toEqual(
      new Map([
        ['x', 0],
        ['y', 1],
      ]),
    );
  });
});

describe('reciprocal rank fusion', () => {
  it('lies in [0, 1]; agreeing first places give exactly 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 2 }), { maxLength: 20 }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.integer({ min: 1, max: 100 }),
        (lists, k) => {
          for (const v of reciprocalRankFusion(lists, k).values()) expect(inUnit(v)).toBe(true);
        },
      ),
    );
    expect(
      reciprocalRankFusion(
        [
          ['a', 'b'],
          ['a', 'c'],
        ],
        60,
      ).get('a'),
    ).toBeCloseTo(1);
  });

  it('a better rank never scores lower', () => {
    const s = reciprocalRankFusion([['a', 'b', 'c']], 10);
    expect(s.get('a')!).toBeGreaterThan(s.get('b')!);
    expect(s.get('b')!).toBeGreaterThan(s.get('c')!);
    // k = 60 reproduces the textbook formula up to the normalising constant 1/(k+1)
    const t = reciprocalRankFusion(
      [
        ['a', 'b'],
        ['b', 'a'],
      ],
      60,
    );
    expect(t.get('a')).toBeCloseTo((1 / 61 + 1 / 62) / (2 / 61));
  });
});

describe('fuse', () => {
  const kw: LegResult = {
    hits: [
      { id: 'a', score: 10 },
      { id: 'b', score: 5 },
      { id: 'd', score: 0 },
    ],
    bounds: { min: 0, max: 20 },
  };
  const vec: LegResult = {
    hits: [
      { id: 'b', score: 0.9 },
      { id: 'c', score: 0.1 },
    ],
    bounds: { min: -1, max: 1 },
  };

  it('convex min-max: reports per-leg scores and a fused order', () => {
    const hits = fuse(kw, vec, {
      ...DEFAULT_SEARCH_CONFIG.fusion,
      method: 'convex',
      normalization: 'minmax',
      alpha: 0.5,
    });
    expect(hits.map((h) => h.id)).toEqual(['b', 'a', 'c', 'd']);
    expect(hits[0]).toEqual({ id: 'b', score: 0.75, keywordScore: 0.5, vectorScore: 1 });
    expect(hits[2]).toEqual({ id: 'c', score: 0, vectorScore: 0 });
  });

  it('convex theoretical uses the stated bounds', () => {
    const hits = fuse(kw, vec, {
      ...DEFAULT_SEARCH_CONFIG.fusion,
      method: 'convex',
      normalization: 'theoretical',
      alpha: 0.5,
    });
    const b = hits.find((h) => h.id === 'b')!;
    expect(b.keywordScore).toBeCloseTo(0.25);
    expect(b.vectorScore).toBeCloseTo(0.95);
  });

  it('rrf and a single leg', () => {
    expect(fuse(kw, vec, { ...DEFAULT_SEARCH_CONFIG.fusion, method: 'rrf', rrfK: 60 })[0]!.id).toBe('b');
    expect(fuse(kw, undefined, DEFAULT_SEARCH_CONFIG.fusion).map((h) => h.id)).toEqual(['a', 'b', 'd']);
    expect(fuse(undefined, vec, DEFAULT_SEARCH_CONFIG.fusion).map((h) => h.id)).toEqual(['b', 'c']);
  });

  /** What `fuse` computed before it was built in one pass: the leg maps, combined, then the hits. */
  function referenceFuse(
    keyword: LegResult | undefined,
    vector: LegResult | undefined,
    config: typeof DEFAULT_SEARCH_CONFIG.fusion,
  ): FusedHit[] {
    const kw = keyword ? normalizeLeg(keyword, config.normalization) : new Map<string, number>();
    const vec = vector ? normalizeLeg(vector, config.normalization) : new Map<string, number>();
    const fused =
      !keyword || !vector
        ? keyword
          ? kw
          : vec
        : config.method === 'rrf'
          ? reciprocalRankFusion([keyword.hits.map((h) => h.id), vector.hits.map((h) => h.id)], config.rrfK, [
              1 - config.alpha,
              config.alpha,
            ])
          : convexCombination(kw, vec, config.alpha);
    const hits: FusedHit[] = [];
    for (const [id, score] of fused) {
      const h: FusedHit = { id, score };
      if (kw.has(id)) h.keywordScore = kw.get(id)!;
      if (vec.has(id)) h.vectorScore = vec.get(id)!;
      hits.push(h);
    }
    return hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  it('gives exactly what combining the normalised leg maps gives, in every setting', () => {
    // Few ids, so legs overlap and repeat ids; few distinct scores, so ties are common.
    const leg = fc.option(
      fc.record({
        hits: fc.array(
          fc.record({
            id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
            score: fc.constantFrom(0, 0.5, 1, 2, 7),
          }),
          { maxLength: 8 },
        ),
        bounds: fc.option(fc.constant({ min: 0, max: 5 }), { nil: undefined }),
      }),
      { nil: undefined },
    );
    const config = fc.record({
      method: fc.constantFrom('convex' as const, 'rrf' as const),
      normalization: fc.constantFrom('minmax' as const, 'theoretical' as const),
      alpha: fc.constantFrom(0, 0.3, 0.45, 1),
      rrfK: fc.constantFrom(1, 60),
      depth: fc.constant(200),
    });
    fc.assert(
      fc.property(leg, leg, config, (keyword, vector, c) => {
        const cfg = { ...DEFAULT_SEARCH_CONFIG.fusion, ...c };
        expect(fuse(keyword, vector, cfg)).toEqual(referenceFuse(keyword, vector, cfg));
      }),
      { numRuns: 500 },
    );
  });
});
