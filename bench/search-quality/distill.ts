/**
 * Build step: distils USE-lite into a static token-embedding table (model2vec-style) and writes it to
 * `bench/results/static-table-use-lite.bin` (gitignored), for `StaticTableEmbedder`. ~1 minute on one core.
 *   node -r ./bench/register.js bench/search-quality/distill.ts
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  distillStaticTable,
  loadUseLiteVocabulary,
  saveStaticTable,
} from '../../subgraphs/search/src/engines/embedders/static-table-embedder';
import { UseLiteEmbedder } from '../../subgraphs/search/src/engines/embedders/use-lite-embedder';
import { RESULTS_DIR } from './disk-cache';

export const STATIC_TABLE_PATH = join(RESULTS_DIR, 'static-table-use-lite.bin');

async function main(): Promise<void> {
  const model = new UseLiteEmbedder();
  await model.warm();
  const vocab = loadUseLiteVocabulary();
  const started = Date.now();
  const table = await distillStaticTable(
    vocab,
    model.dimension,
    (ids) => model.embedTokenIds(ids),
    1e-3,
    (done, total) => {
      // eslint-disable-next-line no-console
      if (done % 1024 < 64) console.log(`  ${done}/${total}`);
    },
  );
  mkdirSync(RESULTS_DIR, { recursive: true });
  saveStaticTable(STATIC_TABLE_PATH, table);
  // eslint-disable-next-line no-console
  console.log(
    `distilled ${vocab.length} pieces in ${((Date.now() - started) / 1000).toFixed(1)} s → ${STATIC_TABLE_PATH}`,
  );
}

if (require.main === module) void main();
