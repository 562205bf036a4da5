/**
 * The latency corpus: ~5,000 real MCP servers from ../shared/data (directory lists and the official seed;
 * read at run time, never copied: the ever-works list is CC BY-SA) turned into valid server.json manifests,
 * each with 5 generated tools (~25,000) written from its name, description, category and tags.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from '../src/seeded-random';

export const SHARED_DATA = join(__dirname, '../../../shared/data');

interface Listing {
  name: string;
  /** A registry name already (the official seed). */
  fullName?: string;
  title?: string;
  description?: string;
  url?: string;
  category?: string;
  category_normalized?: string;
  tags?: string[];
}

export interface BenchServer {
  manifest: Record<string, unknown>;
  name: string;
  /** Words of the server's own text, for query generation. */
  words: string[];
}

export { rng };

function readJsonl(file: string): Listing[] {
  return readFileSync(join(SHARED_DATA, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Listing);
}

const slug = (s: string): string =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '') || 'server';

/**
 * The admin key publishes everything, and the gateway token carries the caller's namespaces, so the corpus
 * uses 16 bench namespaces (one per real namespace would grow that header past Node's 16 KB limit).
 * The server part keeps the real identity: `<owner>-<repo>` from a GitHub URL, else the listing's name.
 */
function serverName(listing: Listing, source: string): string {
  const m = /github\.com\/([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)/.exec(listing.url ?? '');
  const local = listing.fullName
    ? slug(listing.fullName.replace('/', '-'))
    : m
      ? slug(`${m[1]!}-${m[2]!.replace(/\.git$/, '')}`)
      : slug(`${source}-${listing.name}`);
  let h = 0;
  for (const ch of local) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `io.mcpr-bench.n${(h % 16).toString().padStart(2, '0')}/${local}`;
}

const STOP = new Set(
  'a an and are as at be by for from in into is it its of on or that the this to with without your you mcp server servers model context protocol via using use allows provides'.split(
    ' ',
  ),
);
export const wordsOf = (text: string): string[] =>
  (text.toLowerCase().match(/[a-z][a-z0-9]{2,}/g) ?? []).filter((w) => !STOP.has(w));

const VERBS = ['get', 'list', 'search', 'create', 'update', 'delete', 'fetch', 'run', 'export', 'analyze'];
const ACTIONS: Record<string, string> = {
  get: 'Get one {obj} by its identifier from {svc}',
  list: 'List {obj} records in {svc}, with paging and an optional {topic} filter',
  search: 'Search {obj} in {svc} by keyword, {topic} or date range',
  create: 'Create a new {obj} in {svc} for the given {topic}',
  update: 'Update fields of an existing {obj} in {svc}',
  delete: 'Delete a {obj} from {svc} (irreversible)',
  fetch: 'Fetch the latest {obj} data about {topic} from {svc}',
  run: 'Run a {obj} job in {svc} and return its {topic} output',
  export: 'Export {obj} from {svc} as CSV or JSON, filtered by {topic}',
  analyze: 'Analyze {obj} in {svc} and summarise {topic} trends',
};

/** Five tools for one server: verbs × the server's own nouns, with parameters. */
function toolsFor(listing: Listing, words: string[], random: () => number): Record<string, unknown>[] {
  const nouns = [...new Set([...(listing.tags ?? []).map((t) => t.toLowerCase()), ...words])].filter((w) =>
    /^[a-z][a-z0-9 -]{2,24}$/.test(w),
  );
  const pick = (): string => nouns[Math.floor(random() * nouns.length)] ?? 'item';
  const svc = listing.title ?? listing.name;
  const used = new Set<string>();
  const tools: Record<string, unknown>[] = [];
  while (tools.length < 5) {
    const verb = VERBS[Math.floor(random() * VERBS.length)]!;
    const obj = pick();
    const name = `${verb}_${obj.replace(/[^a-z0-9]+/g, '_')}`.slice(0, 64);
    if (used.has(name) && used.size < 40) continue;
    const unique = used.has(name) ? `${name}_${tools.length}` : name;
    used.add(unique);
    const topic = pick();
    tools.push({
      name: unique,
      description: ACTIONS[verb]!.replace('{obj}', obj).replace('{svc}', svc).replace('{topic}', topic),
      inputSchema: {
        type: 'object',
        properties: {
          [`${obj.replace(/[^a-z0-9]+/g, '_')}_id`]: { type: 'string', description: `The ${obj} identifier` },
          [topic.replace(/[^a-z0-9]+/g, '_')]: { type: 'string', description: `Filter by ${topic}` },
          limit: { type: 'integer', description: 'Maximum number of results' },
        },
      },
    });
  }
  return tools;
}

const trim = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, n - 1).trimEnd()}…`);

/** Up to `count` servers (deduplicated by name), deterministic for a given count. */
export function buildCorpus(count = 5000): BenchServer[] {
  const sources: [string, Listing[]][] = [
    ['docker', readJsonl('docker-mcp-registry.jsonl')],
    ['wong2', readJsonl('wong2-awesome-mcp-servers.jsonl')],
    ['everworks', readJsonl('ever-works-awesome-mcp-servers.jsonl')],
  ];
  const seed = JSON.parse(
    readFileSync(join(SHARED_DATA, 'official-registry-seed_2025-09-29.json'), 'utf8'),
  ) as {
    name: string;
    description?: string;
    title?: string;
  }[];
  sources.unshift([
    'official',
    seed.map((s) => ({
      fullName: s.name,
      name: s.name.split('/')[1] ?? s.name,
      description: s.description ?? '',
      url: `https://github.com/${s.name.replace(/^io\.github\./, '')}`,
      category: 'official',
      ...(s.title ? { title: s.title } : {}),
    })),
  ]);
  const random = rng(42);
  const out: BenchServer[] = [];
  const seen = new Set<string>();
  for (const [source, listings] of sources) {
    for (const listing of listings) {
      if (out.length >= count) return out;
      const description = (listing.description ?? '').replace(/\s+/g, ' ').trim();
      if (!description) continue;
      let name = serverName(listing, source);
      if (seen.has(name)) name = `${name}-${out.length}`;
      if (seen.has(name)) continue;
      seen.add(name);
      const words = wordsOf(`${listing.name} ${description} ${(listing.tags ?? []).join(' ')}`);
      const category = slug(listing.category_normalized ?? listing.category ?? 'other').slice(0, 40);
      out.push({
        name,
        words,
        manifest: {
          name,
          description: trim(description, 100),
          ...(listing.title ? { title: trim(listing.title, 100) } : {}),
          version: '1.0.0',
          packages: [
            {
              registryType: 'npm',
              identifier: `@bench/${slug(name.split('/')[1]!)}`,
              version: '1.0.0',
              transport: { type: 'stdio' },
            },
          ],
          _meta: {
            'io.mcpr/publisher-provided': {
              tools: toolsFor(listing, words, random),
              categories: [category],
            },
          },
        },
      });
    }
  }
  return out;
}

/** `n` distinct natural-language queries built from the corpus's words (none repeats: uncached). */
export function buildQueries(corpus: BenchServer[], n: number, seed: number): string[] {
  const random = rng(seed);
  const intents = ['find a tool to', 'how do I', 'I need to', '', 'tool that can', 'help me'];
  const out = new Set<string>();
  while (out.size < n) {
    const s = corpus[Math.floor(random() * corpus.length)]!;
    const w = s.words.length ? s.words : ['data'];
    const pick = (): string => w[Math.floor(random() * w.length)]!;
    const verb = VERBS[Math.floor(random() * VERBS.length)]!;
    const intent = intents[Math.floor(random() * intents.length)]!;
    out.add(
      `${intent} ${verb} ${pick()} ${pick()} ${random() < 0.5 ? pick() : ''}`.replace(/\s+/g, ' ').trim(),
    );
  }
  return [...out];
}
