import { buildServerDocument, buildToolDocuments } from '../src/domain/documents';
import { DEFAULT_SEARCH_CONFIG, withConfig } from '../src/domain/search-config';
import { Bm25Engine } from '../src/engines/bm25-engine';
import { MANIFESTS } from './fixtures';

async function engine(config = DEFAULT_SEARCH_CONFIG.keyword): Promise<Bm25Engine> {
  const e = new Bm25Engine(config);
  for (const { manifest, signals } of MANIFESTS) {
    await e.upsert('tool', buildToolDocuments(manifest, signals));
    await e.upsert('server', [buildServerDocument(manifest, signals)]);
  }
  return e;
}

describe('Bm25Engine', () => {
  it('ranks the tool whose name and description match first', async () => {
    const e = await engine();
    const res = await e.search('tool', { text: 'weather forecast for Paris', limit: 3 });
    expect(res.hits[0]!.id).toBe('io.github.weather/forecast::getForecast');
    expect(res.hits.every((h, i) => i === 0 || h.score <= res.hits[i - 1]!.score)).toBe(true);
    expect(res.maxScore).toBeGreaterThanOrEqual(res.hits[0]!.score);
  });

  it('matches split identifiers (a query for "list directory" finds list_directory)', async () => {
    const e = await engine();
    const res = await e.search('tool', { text: 'list directory', limit: 1 });
    expect(res.hits[0]!.id).toBe('io.github.files/filesystem::list_directory');
  });

  it('matches the compound of an identifier', async () => {
    const e = await engine();
    const res = await e.search('tool', { text: 'getforecast', limit: 1 });
    expect(res.hits[0]!.id).toBe('io.github.weather/forecast::getForecast');
  });

  it('applies filters exactly', async () => {
    const e = await engine();
    const res = await e.search('tool', {
      text: 'sql query database',
      limit: 10,
      filters: { minTier: 'SECURITY_AUDITED' },
    });
    expect(res.hits.map((h) => h.id)).toEqual([
      'io.github.acme/postgres::run_query',
      'io.github.acme/postgres::list_tables',
    ]);
    const excl = await e.search('tool', {
      text: 'sql query database',
      limit: 10,
      filters: { excludeServerNames: ['io.github.acme/postgres'], categories: ['Databases'] },
    });
    expect(excl.hits.map((h) => h.id).every((id) => id.startsWith('io.github.other/sqlite'))).toBe(true);
  });

  it('field boosts change the ranking', async () => {
    const nameOnly = withConfig(DEFAULT_SEARCH_CONFIG, {
      keyword: {
        tool: {
          fields: {
            name: { boost: 1, b: 0 },
            description: { boost: 0, b: 0 },
            paramNames: { boost: 0, b: 0 },
            paramDescriptions: { boost: 0, b: 0 },
            server: { boost: 0, b: 0 },
            serverDescription: { boost: 0, b: 0 },
          },
        },
      },
    });
    const e = await engine(nameOnly.keyword);
    const res = await e.search('tool', { text: 'database', limit: 10 });
    expect(res.hits).toEqual([]);
  });

  it('supports incremental upsert and remove', async () => {
    const e = await engine();
    await e.remove('tool', ['io.github.weather/forecast::getForecast']);
    const res = await e.search('tool', { text: 'weather forecast', limit: 5 });
    expect(res.hits.map((h) => h.id)).not.toContain('io.github.weather/forecast::getForecast');
    await e.upsert('tool', buildToolDocuments(MANIFESTS[2]!.manifest));
    const again = await e.search('tool', { text: 'weather forecast', limit: 1 });
    expect(again.hits[0]!.id).toBe('io.github.weather/forecast::getForecast');
    // Re-upserting the same id replaces, it does not duplicate.
    await e.upsert('tool', buildToolDocuments(MANIFESTS[2]!.manifest));
    expect(e.index('tool').size).toBe(9);
  });

  it('ranks servers by their text and their tools', async () => {
    const e = await engine();
    const res = await e.search('server', { text: 'read a file', limit: 2 });
    expect(res.hits[0]!.id).toBe('io.github.files/filesystem');
  });

  it('pseudo-relevance feedback keeps the top result and can add related documents', async () => {
    const prf = withConfig(DEFAULT_SEARCH_CONFIG, { keyword: { prf: { docs: 2, terms: 5, weight: 0.3 } } });
    const e = await engine(prf.keyword);
    const res = await e.search('tool', { text: 'postgres', limit: 5 });
    expect(res.hits[0]!.id.startsWith('io.github.acme/postgres')).toBe(true);
  });

  it('scores the feedback terms on top of the first pass exactly as one pass over the expanded query', async () => {
    const config = withConfig(DEFAULT_SEARCH_CONFIG, {
      keyword: { prf: { docs: 2, terms: 5, weight: 0.3 } },
    });
    const e = await engine(config.keyword);
    const text = 'query a database';
    const res = await e.search('tool', { text, limit: 50 });
    // The reference: expand as the engine does, then score the whole expanded query on a fresh board.
    const index = e.index('tool');
    const params = config.keyword.tool;
    const terms = index.queryTerms(text, config.keyword.repeatWeight);
    const first = index.newBoard();
    index.score(terms, params, first);
    const top = first.top(2).map((h) => h.slot);
    const boosts = index.fields.map((f) => params.fields[f]?.boost ?? 0);
    const expanded = index.expand(terms, top, 5, 0.3, boosts);
    expect(expanded.size).toBeGreaterThan(terms.size);
    const board = index.newBoard();
    const maxScore = index.score(expanded, params, board);
    const reference = board.top(50).map((h) => ({ id: index.idOf(h.slot), score: h.score }));
    expect(res.hits.map((h) => h.id)).toEqual(reference.map((h) => h.id));
    res.hits.forEach((h, i) => expect(h.score).toBeCloseTo(reference[i]!.score, 10));
    expect(res.maxScore).toBeCloseTo(maxScore, 10);
  });
});
