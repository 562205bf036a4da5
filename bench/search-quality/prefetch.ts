/**
 * Fills the on-disk embedding cache for every benchmark text (documents, queries, query clauses) so that
 * `run.ts` and `tune.ts` never wait for the model. Safe to interrupt and resume.
 *   node -r ./bench/register.js bench/search-quality/prefetch.ts [--train]
 */
import { loadLiveMcpBench, loadToolLens } from './datasets';
import { prefetchEmbeddings, useLiteEmbedders } from './harness';

async function main(): Promise<void> {
  const withTrain = process.argv.includes('--train');
  const sets = [loadLiveMcpBench(), loadToolLens('test'), ...(withTrain ? [loadToolLens('train')] : [])];
  const embedders = useLiteEmbedders();
  await embedders.document.warm();
  // eslint-disable-next-line no-console
  await prefetchEmbeddings(sets, embedders, (s) => console.log(s));
  await embedders.close();
}

void main();
