/**
 * Tunes the ranking configuration on the ToolLens **train** split only, and writes it to
 * `subgraphs/search/src/domain/tuned-search-config.ts`. LiveMCPBench and the ToolLens test split are never read.
 *
 *   node -r ./bench/search-quality/register.js bench/search-quality/tune.ts [--sample=3000] [--rounds=2] [--dry-run]
 *
 * Procedure: greedy coordinate ascent from the untuned defaults. Each knob (a BM25F boost, a field's b, k1,
 * stemming, feedback, vector facet weights, the clause weight, fusion method / normalisation / α / k / depth,
 * the server-context boost) is set in turn to the grid value that maximises mean nDCG@10 of HYBRID tool search
 * over a fixed, seeded sample of train queries, run through the real indexing and query path. Then the server
 * knobs (rollup and server fields) maximise server R@5 (nDCG@5 breaks ties), with server judgements derived
 * from the train tool judgements (the servers of the relevant tools). A change must gain ≥ `minGain` to be kept.
 * The chosen configuration is then scored on the full train split and written with the log.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InMemoryVectorStore } from '../../subgraphs/search/src/domain/embedder';
import {
  DEFAULT_SEARCH_CONFIG,
  TUNED_SEARCH_CONFIG,
  withConfig,
  type DeepPartial,
  type SearchConfig,
} from '../../subgraphs/search/src/domain/search-config';
import { loadToolLens, type Dataset } from './datasets';
import { RESULTS_DIR } from './disk-cache';
import {
  buildService,
  evaluateServers,
  evaluateTools,
  mean,
  prefetchEmbeddings,
  serverQrelsFromTools,
  useLiteEmbedders,
} from './harness';
import { rng } from './metrics';

/* eslint-disable no-console */

interface Knob {
  name: string;
  objective: 'tools' | 'servers';
  values: unknown[];
  patch: (v: unknown) => DeepPartial<SearchConfig>;
}

/**
 * Core text fields never go to 0: ToolLens names are RapidAPI endpoint names ("Suggestions", "/v1/nutrition"),
 * far less informative than MCP tool names, and the tuner must not switch off a field the product relies on
 * because this training corpus happens not to use it. Categories may be switched off.
 */
const boosts = [0.25, 0.5, 1, 1.5, 2, 3];
const optionalBoosts = [0, 0.25, 0.5, 1, 2];
const bs = [0.1, 0.3, 0.5, 0.75, 0.9];

function fieldKnobs(kind: 'tool' | 'server', fields: string[]): Knob[] {
  const out: Knob[] = [];
  for (const f of fields) {
    out.push({
      name: `keyword.${kind}.${f}.boost`,
      objective: kind === 'tool' ? 'tools' : 'servers',
      values: f === 'categories' ? optionalBoosts : boosts,
      patch: (v) => ({ keyword: { [kind]: { fields: { [f]: { boost: v as number } } } } }),
    });
    out.push({
      name: `keyword.${kind}.${f}.b`,
      objective: kind === 'tool' ? 'tools' : 'servers',
      values: bs,
      patch: (v) => ({ keyword: { [kind]: { fields: { [f]: { b: v as number } } } } }),
    });
  }
  return out;
}

const KNOBS: Knob[] = [
  {
    name: 'fusion.alpha',
    objective: 'tools',
    values: [0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8],
    patch: (v) => ({ fusion: { alpha: v as number } }),
  },
  {
    name: 'fusion.normalization',
    objective: 'tools',
    values: ['minmax', 'theoretical'],
    patch: (v) => ({ fusion: { normalization: v as 'minmax' } }),
  },
  {
    name: 'keyword.tool.k1',
    objective: 'tools',
    values: [0.5, 0.9, 1.2, 1.6, 2.0],
    patch: (v) => ({ keyword: { tool: { k1: v as number } } }),
  },
  // ToolLens has no server descriptions, so `serverDescription` cannot be tuned here; it keeps its default.
  ...fieldKnobs('tool', ['name', 'description', 'paramNames', 'paramDescriptions', 'server', 'categories']),
  {
    name: 'keyword.stem',
    objective: 'tools',
    values: [true, false],
    patch: (v) => ({ keyword: { stem: v as boolean } }),
  },
  {
    name: 'keyword.repeatWeight',
    objective: 'tools',
    values: [0, 0.25, 0.5, 1],
    patch: (v) => ({ keyword: { repeatWeight: v as number } }),
  },
  {
    name: 'keyword.prf',
    objective: 'tools',
    values: [
      null,
      { docs: 3, terms: 5, weight: 0.2 },
      { docs: 3, terms: 10, weight: 0.3 },
      { docs: 5, terms: 10, weight: 0.2 },
      { docs: 5, terms: 20, weight: 0.3 },
    ],
    patch: (v) => ({ keyword: { prf: v as null } }),
  },
  ...['tool', 'params', 'server', 'full'].map(
    (facet): Knob => ({
      name: `vector.toolFacets.${facet}`,
      objective: 'tools',
      values: [0, 0.25, 0.5, 1],
      patch: (v) => ({ vector: { toolFacets: { [facet]: v as number } } }),
    }),
  ),
  {
    name: 'vector.clauseWeight',
    objective: 'tools',
    values: [0, 0.25, 0.5, 0.75, 1],
    patch: (v) => ({ vector: { clauseWeight: v as number } }),
  },
  {
    name: 'rollup.toolServerBoost',
    objective: 'tools',
    values: [0, 0.1, 0.2, 0.35, 0.5],
    patch: (v) => ({ rollup: { toolServerBoost: v as number } }),
  },
  {
    name: 'fusion.method',
    objective: 'tools',
    values: ['convex', 'rrf'],
    patch: (v) => ({ fusion: { method: v as 'convex' } }),
  },
  {
    name: 'fusion.rrfK',
    objective: 'tools',
    values: [5, 10, 20, 40, 60, 100],
    patch: (v) => ({ fusion: { rrfK: v as number } }),
  },
  {
    name: 'fusion.depth',
    objective: 'tools',
    values: [50, 100, 200],
    patch: (v) => ({ fusion: { depth: v as number } }),
  },
  // Server search
  {
    name: 'rollup.topTools',
    objective: 'servers',
    values: [1, 2, 3, 5],
    patch: (v) => ({ rollup: { topTools: v as number } }),
  },
  {
    name: 'rollup.decay',
    objective: 'servers',
    values: [0.25, 0.5, 0.75, 1],
    patch: (v) => ({ rollup: { decay: v as number } }),
  },
  {
    name: 'rollup.serverWeight',
    objective: 'servers',
    values: [0, 0.1, 0.2, 0.3, 0.5, 0.7],
    patch: (v) => ({ rollup: { serverWeight: v as number } }),
  },
  {
    name: 'keyword.server.k1',
    objective: 'servers',
    values: [0.5, 0.9, 1.2, 1.6, 2.0],
    patch: (v) => ({ keyword: { server: { k1: v as number } } }),
  },
  ...fieldKnobs('server', ['name', 'toolNames', 'toolDescriptions', 'categories']),
  ...['server', 'full'].map(
    (facet): Knob => ({
      name: `vector.serverFacets.${facet}`,
      objective: 'servers',
      values: [0, 0.5, 1],
      patch: (v) => ({ vector: { serverFacets: { [facet]: v as number } } }),
    }),
  ),
];

function sample<T>(xs: T[], n: number, seed: number): T[] {
  const rand = rng(seed);
  const copy = [...xs];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

/** Only the differences from the defaults are written (readable, and robust to new defaults). */
function diff(base: unknown, value: unknown): unknown {
  if (JSON.stringify(base) === JSON.stringify(value)) return undefined;
  if (value && typeof value === 'object' && !Array.isArray(value) && base && typeof base === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const d = diff((base as Record<string, unknown>)[k], v);
      if (d !== undefined) out[k] = d;
    }
    return out;
  }
  return value;
}

async function main(): Promise<void> {
  const arg = (name: string, dflt: number) =>
    Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
  const sampleSize = arg('sample', 3000);
  const rounds = arg('rounds', 2);
  const minGain = 0.0005;
  const dryRun = process.argv.includes('--dry-run');
  const only = process.argv.find((a) => a.startsWith('--only='))?.split('=')[1];

  const train: Dataset = loadToolLens('train');
  const embedders = useLiteEmbedders();
  await embedders.document.warm();
  await prefetchEmbeddings([train], embedders, (s) => console.log(s));
  const queries = sample(train.queries, sampleSize, 7);
  const store = new InMemoryVectorStore();
  const probe = await buildService(train, embedders, DEFAULT_SEARCH_CONFIG, { vectorStore: store });
  const serverQrels = serverQrelsFromTools(train, probe);
  console.log(`ToolLens train: ${train.queries.length} queries, tuning sample ${queries.length}`);

  const memo = new Map<string, number>();
  async function score(config: SearchConfig, objective: 'tools' | 'servers', qs = queries): Promise<number> {
    const key = `${objective}:${qs.length}:${JSON.stringify(config)}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const service = await buildService(train, embedders, config, { vectorStore: store });
    let value: number;
    if (objective === 'tools')
      value = mean((await evaluateTools(service, train, { mode: 'HYBRID' }, qs)).ndcg10);
    else {
      const s = await evaluateServers(service, train, { mode: 'HYBRID' }, serverQrels, qs);
      value = mean(s.r5) + 0.01 * mean(s.ndcg5);
    }
    memo.set(key, value);
    return value;
  }

  // `--from=tuned` continues from the committed configuration (e.g. to tune a newly added knob with --only).
  let config = process.argv.includes('--from=tuned') ? TUNED_SEARCH_CONFIG : DEFAULT_SEARCH_CONFIG;
  const log: { round: number; knob: string; value: unknown; objective: string; score: number }[] = [];
  const objectives = (['tools', 'servers'] as const).filter((o) =>
    KNOBS.some((k) => k.objective === o && (!only || k.name.startsWith(only))),
  );
  for (const objective of objectives) {
    let best = await score(config, objective);
    console.log(`start ${objective}: ${(best * 100).toFixed(2)}`);
    for (let round = 1; round <= rounds; round++) {
      let improved = false;
      for (const knob of KNOBS.filter(
        (k) => k.objective === objective && (!only || k.name.startsWith(only)),
      )) {
        let bestValue: unknown = undefined;
        for (const v of knob.values) {
          const candidate = withConfig(config, knob.patch(v));
          const s = await score(candidate, objective);
          if (s > best + minGain) {
            best = s;
            bestValue = v;
          }
        }
        if (bestValue !== undefined) {
          config = withConfig(config, knob.patch(bestValue));
          improved = true;
          log.push({ round, knob: knob.name, value: bestValue, objective, score: best });
          console.log(
            `round ${round} ${knob.name} = ${JSON.stringify(bestValue)} → ${(best * 100).toFixed(2)}`,
          );
        }
      }
      if (!improved) break;
    }
  }

  const full = await buildService(train, embedders, config, { vectorStore: store });
  const fullTools = await evaluateTools(full, train, { mode: 'HYBRID' });
  const fullServers = await evaluateServers(full, train, { mode: 'HYBRID' }, serverQrels);
  const base = await buildService(train, embedders, DEFAULT_SEARCH_CONFIG, { vectorStore: store });
  const baseTools = await evaluateTools(base, train, { mode: 'HYBRID' });
  const summary = {
    split: 'ToolLens train (all queries)',
    default: { ndcg10: mean(baseTools.ndcg10) * 100 },
    tuned: {
      ndcg10: mean(fullTools.ndcg10) * 100,
      r5: mean(fullTools.r5) * 100,
      serversR5: mean(fullServers.r5) * 100,
    },
  };
  console.log(JSON.stringify(summary));
  await embedders.close();

  const patch = diff(DEFAULT_SEARCH_CONFIG, config) ?? {};
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(
    join(RESULTS_DIR, dryRun ? 'tune-log.dry-run.json' : 'tune-log.json'),
    JSON.stringify({ sampleSize, rounds, log, summary, config }, null, 2),
  );
  if (dryRun) {
    console.log(JSON.stringify(patch, null, 2));
    return;
  }
  const file = join(__dirname, '../../subgraphs/search/src/domain/tuned-search-config.ts');
  writeFileSync(
    file,
    `// Generated by bench/search-quality/tune.ts on ${new Date().toISOString().slice(0, 10)} from the ToolLens train split only
// (coordinate ascent over a ${sampleSize}-query seeded sample; full-train nDCG@10 ${summary.default.ndcg10.toFixed(1)} → ${summary.tuned.ndcg10.toFixed(1)}).
// Do not edit by hand: re-run the tuner. Values are differences from DEFAULT_SEARCH_CONFIG.
import type { DeepPartial, SearchConfig } from './search-config';

export const TUNED: DeepPartial<SearchConfig> = ${JSON.stringify(patch, null, 2)};
`,
  );
  console.log(`wrote ${file}`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
