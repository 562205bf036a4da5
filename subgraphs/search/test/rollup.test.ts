import fc from 'fast-check';
import { rollupServers } from '../src/domain/rollup';

const cfg = { topTools: 3, decay: 0.5, serverWeight: 0.3 };

describe('rollupServers', () => {
  it('a server is as relevant as its best tools plus its own text', () => {
    const out = rollupServers(
      [
        { id: 'a::1', serverName: 'a', score: 0.9 },
        { id: 'b::1', serverName: 'b', score: 0.9 },
        { id: 'b::2', serverName: 'b', score: 0.8 },
        { id: 'c::1', serverName: 'c', score: 0.2 },
      ],
      new Map([['c', 0.5]]),
      cfg,
    );
    expect(out.map((s) => s.serverName)).toEqual(['b', 'a', 'c']);
    const b = out[0]!;
    expect(b.toolScore).toBeCloseTo((0.9 + 0.5 * 0.8) / 1.75);
    expect(b.tools.map((t) => t.id)).toEqual(['b::1', 'b::2']);
  });

  it('servers matched by text alone are included', () => {
    const out = rollupServers([], new Map([['x', 0.7]]), cfg);
    expect(out).toEqual([{ serverName: 'x', score: 0.3 * 0.7, toolScore: 0, textScore: 0.7, tools: [] }]);
  });

  it('keeps scores in [0, 1] and only the top tools count', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ s: fc.constantFrom('a', 'b', 'c'), score: fc.double({ min: 0, max: 1, noNaN: true }) }),
        ),
        (xs) => {
          const tools = xs.map((x, i) => ({ id: `${x.s}::${i}`, serverName: x.s, score: x.score }));
          for (const r of rollupServers(tools, new Map(), cfg)) {
            expect(r.score).toBeGreaterThanOrEqual(0);
            expect(r.score).toBeLessThanOrEqual(1 + 1e-12);
          }
        },
      ),
    );
    const many = rollupServers(
      [0.5, 0.5, 0.5, 0.5, 0.5].map((score, i) => ({ id: `a::${i}`, serverName: 'a', score })),
      new Map(),
      { topTools: 3, decay: 1, serverWeight: 0 },
    );
    expect(many[0]!.score).toBeCloseTo(0.5);
  });
});
