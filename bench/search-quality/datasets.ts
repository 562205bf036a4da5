/**
 * Benchmark sets, read at run time from the shared folder (ToolLens must never be copied into the repo).
 * Each set becomes server manifests, so the harness indexes through the same builders the subgraph uses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestInput } from '../../subgraphs/search/src/domain/documents';

export const BENCH_DIR = process.env.SEARCH_BENCH_DIR ?? '/work/shared/bench';

export interface Query {
  qid: string;
  text: string;
}

export interface Dataset {
  name: string;
  manifests: ManifestInput[];
  queries: Query[];
  /** qid → relevant tool ids (ids as the search service builds them: `server::tool`). */
  toolQrels: Map<string, Set<string>>;
  /** qid → relevant server names, when the set has server-level judgements. */
  serverQrels?: Map<string, Set<string>>;
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

function qrelsOf(path: string, mapId: (id: string) => string | undefined): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of readJsonl<{ qid: string; id: string; rel: number }>(path)) {
    if (r.rel <= 0) continue;
    const id = mapId(r.id);
    if (!id) continue;
    let set = out.get(r.qid);
    if (!set) out.set(r.qid, (set = new Set()));
    set.add(id);
  }
  return out;
}

interface CorpusRow {
  id: string;
  name: string;
  description: string;
  server: string;
  server_name?: string;
  server_description?: string;
  category?: string;
  input_schema?: unknown;
}

function manifestsOf(
  rows: CorpusRow[],
  servers: Map<string, { name?: string; description?: string; category?: string }>,
): ManifestInput[] {
  const byServer = new Map<string, ManifestInput>();
  for (const r of rows) {
    let m = byServer.get(r.server);
    if (!m) {
      const s = servers.get(r.server);
      const title = s?.name ?? r.server_name;
      m = {
        name: r.server,
        description: s?.description ?? r.server_description ?? '',
        ...(title ? { title } : {}),
        tools: [],
        categories: [s?.category ?? r.category].filter((c): c is string => !!c),
      };
      byServer.set(r.server, m);
    }
    m.tools!.push({ name: r.name, description: r.description ?? '', inputSchema: r.input_schema });
  }
  return [...byServer.values()];
}

/** LiveMCPBench (Apache-2.0): 70 servers, 527 tools, 95 tasks, tool and server qrels. */
export function loadLiveMcpBench(dir = join(BENCH_DIR, 'livemcpbench')): Dataset {
  const rows = readJsonl<CorpusRow>(join(dir, 'corpus.jsonl'));
  const servers = new Map(
    readJsonl<{ id: string; name: string; description: string; category: string }>(
      join(dir, 'servers.jsonl'),
    ).map((s) => [s.id, s]),
  );
  const ids = new Set(rows.map((r) => r.id));
  return {
    name: 'livemcpbench',
    manifests: manifestsOf(rows, servers),
    queries: readJsonl<Query>(join(dir, 'queries.jsonl')),
    toolQrels: qrelsOf(join(dir, 'qrels.jsonl'), (id) => (ids.has(id) ? id : undefined)),
    serverQrels: qrelsOf(join(dir, 'qrels_servers.jsonl'), (id) => id),
  };
}

/** ToolLens (no licence declared: read from the shared folder only). `split` picks test or train queries. */
export function loadToolLens(split: 'test' | 'train', dir = join(BENCH_DIR, 'toollens')): Dataset {
  const rows = readJsonl<CorpusRow>(join(dir, 'corpus.jsonl'));
  const idMap = new Map(rows.map((r) => [r.id, `${r.server}::${r.name}`]));
  const queries = readJsonl<Query>(join(dir, split === 'test' ? 'queries.jsonl' : 'queries_train.jsonl'));
  const toolQrels = qrelsOf(join(dir, split === 'test' ? 'qrels.jsonl' : 'qrels_train.jsonl'), (id) =>
    idMap.get(id),
  );
  return {
    name: `toollens-${split}`,
    manifests: manifestsOf(rows, new Map()),
    queries: queries.filter((q) => toolQrels.has(q.qid)),
    toolQrels,
  };
}
