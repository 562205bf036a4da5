/**
 * Search-quality harness. Indexes each benchmark corpus through the real indexing path (manifest → documents →
 * BM25F engine + USE-lite vectors → exact vector engine) and runs every query through the real query path
 * (`SearchService.searchTools` / `searchServers`), for each mode and fusion setting. Prints nDCG@10, R@5, R@10
 * (tools) and R@5, nDCG@5 (servers) with 95% bootstrap intervals, then writes a JSON summary.
 *
 *   node -r ./bench/register.js bench/search-quality/run.ts [--config=tuned|previous|default] [--quick]
 *
 * Reported sets only: LiveMCPBench (tools + servers) and the ToolLens test split. Nothing here tunes.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InMemoryVectorStore } from '../../subgraphs/search/src/domain/embedder';
import type { SearchMode } from '../../subgraphs/search/src/domain/hybrid-search';
import {
  DEFAULT_SEARCH_CONFIG,
  TUNED_SEARCH_CONFIG,
  withConfig,
  type DeepPartial,
  type FusionConfig,
  type SearchConfig,
} from '../../subgraphs/search/src/domain/search-config';
import { loadLiveMcpBench, loadToolLens, type Dataset } from './datasets';
import { RESULTS_DIR } from './disk-cache';
import { STATIC_TABLE_PATH } from './distill';
import {
  buildService,
  evaluateServers,
  evaluateTools,
  prefetchEmbeddings,
  staticTableEmbedders,
  useLiteEmbedders,
} from './harness';
import { bootstrap, fmt, type Estimate } from './metrics';
import { PREVIOUS_TUNED } from './previous-config';

/* eslint-disable no-console */

interface Setting {
  label: string;
  mode: SearchMode;
  fusion?: Partial<FusionConfig>;
  quantization?: 'none' | 'int8';
  /** `static`: the distilled token table instead of the full encoder (both legs of the setting use it). */
  embedder?: 'use-lite' | 'static';
  /**
   * Ablations (`--ablations`): configuration changes that are NOT what the tuner chose, reported to show what the
   * knobs do on the report sets. They never feed back into the committed configuration.
   */
  patch?: DeepPartial<SearchConfig>;
}

function settingsFor(config: SearchConfig): Setting[] {
  const f = config.fusion;
  const tunedLabel =
    f.method === 'rrf'
      ? `tuned: rrf k=${f.rrfK} w=${f.alpha}`
      : `tuned: convex ${f.normalization} α=${f.alpha}`;
  const all: Setting[] = [
    { label: 'keyword (BM25F)', mode: 'KEYWORD' },
    { label: 'semantic (USE-lite)', mode: 'SEMANTIC' },
    { label: 'semantic, int8 vectors', mode: 'SEMANTIC', quantization: 'int8' },
    { label: tunedLabel, mode: 'HYBRID' },
    { label: 'hybrid, int8 vectors', mode: 'HYBRID', quantization: 'int8' },
    { label: 'semantic, static table', mode: 'SEMANTIC', embedder: 'static' },
    { label: 'hybrid, static table', mode: 'HYBRID', embedder: 'static' },
    {
      label: 'convex minmax α=0.5',
      mode: 'HYBRID',
      fusion: { method: 'convex', normalization: 'minmax', alpha: 0.5 },
    },
    {
      label: `convex theoretical α=${f.alpha}`,
      mode: 'HYBRID',
      fusion: { method: 'convex', normalization: 'theoretical', alpha: f.alpha },
    },
    {
      label: `convex minmax α=${f.alpha}`,
      mode: 'HYBRID',
      fusion: { method: 'convex', normalization: 'minmax', alpha: f.alpha },
    },
    { label: 'rrf k=60', mode: 'HYBRID', fusion: { method: 'rrf', rrfK: 60, alpha: 0.5 } },
    { label: `rrf k=${f.rrfK}`, mode: 'HYBRID', fusion: { method: 'rrf', rrfK: f.rrfK, alpha: 0.5 } },
  ];
  return all.filter(
    // Skip a fusion row that is exactly the tuned setting (already reported as "tuned").
    (s) =>
      !s.fusion ||
      s.quantization !== undefined ||
      !(
        s.fusion.method === f.method &&
        (s.fusion.normalization ?? f.normalization) === f.normalization &&
        s.fusion.alpha === f.alpha &&
        (s.fusion.rrfK ?? f.rrfK) === f.rrfK
      ),
  );
}

/** Drops settings whose label repeats (e.g. `rrf k=60` when the tuned k is 60). */
function dedupe(settings: Setting[]): Setting[] {
  const seen = new Set<string>();
  return settings.filter((s) => !seen.has(s.label) && !!seen.add(s.label));
}

interface Row {
  dataset: string;
  level: 'tools' | 'servers';
  setting: string;
  mode: SearchMode;
  metrics: Record<string, Estimate>;
}

async function main(): Promise<void> {
  const configName = process.argv.find((a) => a.startsWith('--config='))?.split('=')[1] ?? 'tuned';
  const config =
    configName === 'default'
      ? DEFAULT_SEARCH_CONFIG
      : configName === 'previous'
        ? withConfig(DEFAULT_SEARCH_CONFIG, PREVIOUS_TUNED)
        : TUNED_SEARCH_CONFIG;
  const quick = process.argv.includes('--quick');
  const datasets: Dataset[] = [loadLiveMcpBench(), loadToolLens('test')];
  const embedders = useLiteEmbedders();
  await embedders.document.warm();
  const staticEmbedders = existsSync(STATIC_TABLE_PATH) ? staticTableEmbedders(STATIC_TABLE_PATH) : undefined;
  if (!staticEmbedders)
    console.log(`no static table at ${STATIC_TABLE_PATH} (run distill.ts): skipping those rows`);
  console.log('embedding cache: prefetching benchmark texts…');
  await prefetchEmbeddings(datasets, embedders, (s) => console.log(s));

  const rows: Row[] = [];
  const ablations: Setting[] = process.argv.includes('--ablations')
    ? [
        {
          label: 'ablation: untuned default config',
          mode: 'HYBRID',
          patch: DEFAULT_SEARCH_CONFIG as DeepPartial<SearchConfig>,
        },
        { label: 'ablation: clause weight 0.5', mode: 'HYBRID', patch: { vector: { clauseWeight: 0.5 } } },
        {
          label: 'ablation: tool server boost 0.2',
          mode: 'HYBRID',
          patch: { rollup: { toolServerBoost: 0.2 } },
        },
        {
          label: 'ablation: rollup top-3, server text 0.3',
          mode: 'HYBRID',
          patch: { rollup: { topTools: 3, decay: 0.5, serverWeight: 0.3 } },
        },
        {
          label: 'ablation: PRF 3 docs/10 terms',
          mode: 'HYBRID',
          patch: { keyword: { prf: { docs: 3, terms: 10, weight: 0.3 } } },
        },
      ]
    : [];
  const settings = dedupe([...settingsFor(config), ...ablations]).filter(
    (s) => (!quick || (!s.quantization && !s.embedder)) && (s.embedder !== 'static' || staticEmbedders),
  );
  for (const dataset of datasets) {
    const store = new InMemoryVectorStore();
    const services = new Map<string, Awaited<ReturnType<typeof buildService>>>();
    for (const s of settings) {
      const q = s.quantization ?? 'none';
      const which = s.embedder ?? 'use-lite';
      const key = `${q}/${which}/${JSON.stringify(s.patch ?? {})}`;
      let service = services.get(key);
      if (!service) {
        const t0 = Date.now();
        const cfg = s.patch ? withConfig(config, s.patch) : config;
        service =
          which === 'static'
            ? await buildService(dataset, staticEmbedders!, cfg, { quantization: q })
            : await buildService(dataset, embedders, cfg, { quantization: q, vectorStore: store });
        services.set(key, service);
        console.log(`${dataset.name}: indexed ${service.toolCount} tools (${key}) in ${Date.now() - t0} ms`);
      }
      const request = { mode: s.mode, ...(s.fusion ? { fusion: s.fusion } : {}) };
      const tools = await evaluateTools(service, dataset, request);
      rows.push({
        dataset: dataset.name,
        level: 'tools',
        setting: s.label,
        mode: s.mode,
        metrics: {
          'nDCG@10': bootstrap(tools.ndcg10),
          'R@5': bootstrap(tools.r5),
          'R@10': bootstrap(tools.r10),
        },
      });
      if (dataset.serverQrels) {
        const servers = await evaluateServers(service, dataset, request);
        rows.push({
          dataset: dataset.name,
          level: 'servers',
          setting: s.label,
          mode: s.mode,
          metrics: { 'R@5': bootstrap(servers.r5), 'nDCG@5': bootstrap(servers.ndcg5) },
        });
      }
    }
  }
  await embedders.close();

  const pad = (s: string, n: number): string => s.padEnd(n);
  for (const level of ['tools', 'servers'] as const) {
    const sel = rows.filter((r) => r.level === level);
    if (!sel.length) continue;
    const metricNames = Object.keys(sel[0]!.metrics);
    console.log(`\n${level.toUpperCase()} (mean ×100 [95% bootstrap CI], ${configName} config)`);
    console.log(pad('dataset', 16) + pad('setting', 44) + metricNames.map((m) => pad(m, 20)).join(''));
    for (const r of sel)
      console.log(
        pad(r.dataset, 16) +
          pad(r.setting, 44) +
          metricNames.map((m) => pad(fmt(r.metrics[m]!), 20)).join(''),
      );
  }
  const summary = {
    generatedAt: new Date().toISOString(),
    config: configName,
    searchConfig: config,
    queries: Object.fromEntries(datasets.map((d) => [d.name, d.queries.length])),
    rows: rows.map((r) => ({
      ...r,
      metrics: Object.fromEntries(
        Object.entries(r.metrics).map(([k, e]) => [
          k,
          { mean: +(e.mean * 100).toFixed(2), lo: +(e.lo * 100).toFixed(2), hi: +(e.hi * 100).toFixed(2) },
        ]),
      ),
    })),
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const out = join(RESULTS_DIR, `search-quality-${configName}.json`);
  writeFileSync(out, JSON.stringify(summary, null, 2));
  console.log(`\nJSON summary: ${out}`);
  console.log(
    JSON.stringify({
      config: configName,
      rows: summary.rows.map((r) => ({ d: r.dataset, l: r.level, s: r.setting, m: r.metrics })),
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
