import fc from 'fast-check';
import { OperationClassifier } from '../src/rate-limit/classify';

describe('OperationClassifier', () => {
  const classifier = new OperationClassifier(1_000);

  it.each([
    ['{ servers { totalCount } }', { reads: 1 }],
    ['query { search(query: "x") { __typename } }', { searches: 1 }],
    [
      'query { a: search(query: "x") { __typename } b: recommendTools(context: {}) { __typename } }',
      { searches: 2 },
    ],
    ['mutation { recordInstall(input: { name: "a/b" }) { installCount } }', { installs: 1 }],
    ['mutation { publishServer(input: { manifest: {} }) { __typename } }', { publishes: 1 }],
    ['mutation { setVersionStatus(input: {}) { __typename } }', { reads: 1 }],
    ['query { servers { totalCount } search(query: "x") { __typename } }', { reads: 1, searches: 1 }],
    ['mutation { ... on Mutation { publishServer(input: {}) { __typename } } }', { publishes: 1 }],
    ['subscription { activity { type } }', { reads: 1 }],
    ['not graphql', { reads: 1 }],
  ])('%s costs %p', (query, costs) => {
    expect(classifier.classify(query).costs).toEqual(costs);
  });

  it('follows fragment spreads at the root, once each (no cycles)', () => {
    const query = `mutation M { ...A ...A }
      fragment A on Mutation { publishServer(input: {}) { __typename } ...B }
      fragment B on Mutation { ...A recordInstall(input: {}) { installCount } }`;
    expect(classifier.classify(query)).toEqual({ operationName: 'M', costs: { publishes: 1, installs: 1 } });
  });

  it('picks the operation by name, and refuses to guess between several', () => {
    const query =
      'query Read { servers { totalCount } } mutation Pub { publishServer(input: {}) { __typename } }';
    expect(classifier.classify(query, 'Pub')).toEqual({ operationName: 'Pub', costs: { publishes: 1 } });
    expect(classifier.classify(query, 'Read')).toEqual({ operationName: 'Read', costs: { reads: 1 } });
    expect(classifier.classify(query).costs).toEqual({ reads: 1 });
    expect(classifier.classify(query, 'Missing').costs).toEqual({ reads: 1 });
  });

  it('caches by document text and operation name (same answer object)', () => {
    const query = 'query Q { servers { totalCount } }';
    expect(classifier.classify(query)).toBe(classifier.classify(query));
    expect(classifier.classify(query, 'Q')).not.toBe(classifier.classify(query));
  });

  it('bounds the cache', () => {
    const small = new OperationClassifier(1_000, 3);
    const first = small.classify('{ a }');
    for (const field of ['b', 'c', 'd']) small.classify(`{ ${field} }`);
    expect(small.classify('{ a }')).not.toBe(first);
  });

  it('stops at the token limit', () => {
    const fields = Array.from({ length: 50 }, () => 'publishServer').join(' ');
    expect(new OperationClassifier(20).classify(`mutation { ${fields} }`).costs).toEqual({ reads: 1 });
  });

  it('never throws and always charges something', () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.string()), (query, name) => {
        const { costs } = classifier.classify(query, name);
        const total = Object.values(costs).reduce((sum, points) => sum + (points ?? 0), 0);
        return total >= 1;
      }),
      { numRuns: 500 },
    );
  });
});
