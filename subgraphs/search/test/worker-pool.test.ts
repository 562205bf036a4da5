import { EmbeddingWorkerPool } from '../src/engines/embedders/worker-pool';

/** A fake embedding worker: answers each job with [jobNumber] after the parent releases it, in order. */
const FAKE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
parentPort.postMessage({ type: 'ready' });
parentPort.on('message', (msg) => {
  const text = msg.texts[0];
  if (text === 'crash') throw new Error('boom');
  const out = new Float32Array([text.length]);
  const delay = text.startsWith('slow') ? workerData.slowMs : 0;
  setTimeout(() => parentPort.postMessage({ type: 'result', vectors: out }, [out.buffer]), delay);
});
`;

describe('EmbeddingWorkerPool', () => {
  it('runs jobs on worker threads and returns their vectors', async () => {
    const pool = new EmbeddingWorkerPool({ size: 2, source: FAKE_WORKER, workerData: { slowMs: 0 } });
    await pool.ready();
    const out = await Promise.all([pool.run(['abc'], 'query'), pool.run(['abcdef'], 'document')]);
    expect(out.map((v) => v[0])).toEqual([3, 6]);
    await pool.close();
  });

  it('keeps one worker for queries: queries never queue behind documents', async () => {
    const pool = new EmbeddingWorkerPool({ size: 2, source: FAKE_WORKER, workerData: { slowMs: 500 } });
    await pool.ready();
    const order: string[] = [];
    const docs = [1, 2, 3].map((i) =>
      pool.run([`slow doc ${i}`], 'document').then(() => order.push(`doc${i}`)),
    );
    // All three documents are waiting or running on one worker; the query goes to the reserved one.
    expect(pool.pending.documents).toBe(2);
    const q = pool.run(['query'], 'query').then(() => order.push('query'));
    expect(pool.pending.queries).toBe(0);
    await Promise.all([...docs, q]);
    expect(order[0]).toBe('query');
    await pool.close();
  });

  it('with one worker, queued queries go before queued documents', async () => {
    const pool = new EmbeddingWorkerPool({ size: 1, source: FAKE_WORKER, workerData: { slowMs: 50 } });
    await pool.ready();
    const order: string[] = [];
    const d1 = pool.run(['slow d1'], 'document').then(() => order.push('d1'));
    const d2 = pool.run(['slow d2'], 'document').then(() => order.push('d2'));
    const q = pool.run(['slow q'], 'query').then(() => order.push('q'));
    await Promise.all([d1, d2, q]);
    expect(order).toEqual(['d1', 'q', 'd2']);
    await pool.close();
  });

  it('a crashed worker fails its job and is replaced', async () => {
    const pool = new EmbeddingWorkerPool({ size: 1, source: FAKE_WORKER, workerData: { slowMs: 0 } });
    await pool.ready();
    await expect(pool.run(['crash'], 'query')).rejects.toThrow('boom');
    expect((await pool.run(['ok'], 'query'))[0]).toBe(2);
    await pool.close();
    await expect(pool.run(['late'], 'query')).rejects.toThrow('closed');
  });
});
