import { OpenAiEmbedder } from '../src/engines/embedders/openai-embedder';
import { startFakeServer, type RecordedRequest } from './fake-http-server';

describe('OpenAiEmbedder (contract)', () => {
  it('posts to /v1/embeddings with model, input and key, and reorders by index', async () => {
    const fake = await startFakeServer((req: RecordedRequest) => {
      const input = (req.body as { input: string[] }).input;
      // Answer out of order: the client must sort by `index`.
      const data = input
        .map((t, index) => ({ object: 'embedding', index, embedding: [t.length, 0, 0] }))
        .reverse();
      return { body: { object: 'list', data, model: 'm' } };
    });
    try {
      const e = new OpenAiEmbedder({
        baseUrl: `${fake.url}/`,
        model: 'text-embed-3',
        dimension: 3,
        apiKey: 'sk-test',
        queryPrefix: 'query: ',
        batchSize: 2,
      });
      const out = await e.embed(['ab', '', 'abcd', 'x'], 'query');
      expect(fake.requests).toHaveLength(2);
      expect(fake.requests[0]).toMatchObject({
        method: 'POST',
        path: '/v1/embeddings',
        body: { model: 'text-embed-3', input: ['query: ab', 'query: abcd'], encoding_format: 'float' },
      });
      expect(fake.requests[0]!.headers.authorization).toBe('Bearer sk-test');
      expect(fake.requests[1]!.body).toEqual({
        model: 'text-embed-3',
        input: ['query: x'],
        encoding_format: 'float',
      });
      expect(out.map((v) => Array.from(v))).toEqual([
        [1, 0, 0],
        [0, 0, 0],
        [1, 0, 0],
        [1, 0, 0],
      ]);
      expect(e.id).toBe('openai-text-embed-3-3');
    } finally {
      await fake.close();
    }
  });

  it('fails on HTTP errors and wrong dimensions', async () => {
    const fake = await startFakeServer((req) =>
      (req.body as { input: string[] }).input[0] === 'bad'
        ? { status: 503, body: {} }
        : { body: { data: [{ index: 0, embedding: [1, 2] }] } },
    );
    try {
      const e = new OpenAiEmbedder({ baseUrl: fake.url, model: 'm', dimension: 3, requestDimensions: true });
      await expect(e.embed(['bad'], 'document')).rejects.toThrow('503');
      await expect(e.embed(['ok'], 'document')).rejects.toThrow('expected 3 dimensions');
      expect(fake.requests[1]!.body).toEqual({
        model: 'm',
        input: ['ok'],
        encoding_format: 'float',
        dimensions: 3,
      });
    } finally {
      await fake.close();
    }
  });
});
