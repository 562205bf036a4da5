import {
  USE_LITE_WORKER_SOURCE,
  UseLiteEmbedder,
  useLitePackagePaths,
} from '../src/engines/embedders/use-lite-embedder';
import { EmbeddingWorkerPool } from '../src/engines/embedders/worker-pool';

/**
 * The model's weights become tensors as soon as its files are read; if that happens before the WASM backend
 * is up, loading throws. A slow `WebAssembly.instantiate` makes the files win every time.
 *
 * Its own file: TF.js keeps one engine per global, so the backend must not have been set up by another test.
 */
describe('UseLiteEmbedder when the WASM backend is slower than the model files', () => {
  const DELAY_MS = 1_000;

  it('loads in-process', async () => {
    // The project's TypeScript libs do not declare WebAssembly; Node has it.
    const wasm = (
      globalThis as unknown as { WebAssembly: { instantiate: (...args: unknown[]) => Promise<unknown> } }
    ).WebAssembly;
    const instantiate = wasm.instantiate.bind(wasm);
    const slow = jest
      .spyOn(wasm, 'instantiate')
      .mockImplementation((...args) =>
        new Promise((resolve) => setTimeout(resolve, DELAY_MS)).then(() => instantiate(...args)),
      );
    try {
      const [v] = await new UseLiteEmbedder().embed(['query a Postgres database'], 'query');
      expect(slow).toHaveBeenCalled();
      expect(v).toHaveLength(512);
    } finally {
      slow.mockRestore();
    }
  });

  it('loads in a worker', async () => {
    const slowWasm = `{
      const instantiate = WebAssembly.instantiate;
      WebAssembly.instantiate = (...args) =>
        new Promise((resolve) => setTimeout(resolve, ${DELAY_MS})).then(() => instantiate(...args));
    }\n`;
    const pool = new EmbeddingWorkerPool({
      size: 1,
      source: slowWasm + USE_LITE_WORKER_SOURCE,
      workerData: useLitePackagePaths(),
    });
    try {
      await pool.ready();
      const flat = await pool.run(['query a Postgres database'], 'query');
      expect(flat).toHaveLength(512);
    } finally {
      await pool.close();
    }
  });
});
