/**
 * Loading and evaluating the scanner corpus: the labelled malicious/risky cases and hand-written benign
 * cases in `../fixtures`, plus the official registry seed and the LiveMCPBench tools from `../shared/`
 * (read in place, never copied). Shared by the corpus tests and `bench/scanner/run.js`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { scanManifest, type ScanContext, type ScanResult, type ScanStatus } from '../../src';

/** `/work/shared` from `/work/main/packages/scanner/test/support`. */
export const SHARED_DIR = path.resolve(__dirname, '../../../../../shared');
export const FIXTURES_DIR = path.resolve(__dirname, '../fixtures');
export const SEED_FILE = path.join(SHARED_DIR, 'data/official-registry-seed_2025-09-29.json');
export const LIVEMCPBENCH_FILE = path.join(SHARED_DIR, 'bench/livemcpbench/corpus.jsonl');

export type Expectation = ScanStatus;

export interface CorpusCase {
  id: string;
  family?: string;
  description: string;
  expect: Expectation;
  tool?: Record<string, unknown>;
  manifest?: Record<string, unknown>;
  context?: ScanContext;
}

const RANK: Record<ScanStatus, number> = { PASSED: 0, WARNED: 1, FAILED: 2 };

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function loadCases(file: string): CorpusCase[] {
  return (readJson(path.join(FIXTURES_DIR, file)) as { cases: CorpusCase[] }).cases;
}

export const loadHeldout = (): CorpusCase[] => loadCases('malicious/heldout.json');
export const loadTuning = (): CorpusCase[] => loadCases('malicious/tuning.json');
export const loadTricky = (): CorpusCase[] => loadCases('benign/tricky.json');

/** The manifest a case is scanned as: a bare tool is wrapped into a minimal server. */
export function caseManifest(c: CorpusCase): Record<string, unknown> {
  if (c.manifest) return c.manifest;
  return {
    name: `io.github.corpus/${c.id.toLowerCase()}`,
    description: 'Corpus case',
    version: '1.0.0',
    _meta: { 'io.mcpr/publisher-provided': { tools: [c.tool ?? {}] } },
  };
}

export interface CaseOutcome {
  case: CorpusCase;
  result: ScanResult;
  /** Status is not PASSED. */
  flagged: boolean;
  /** Status is at least as severe as `expect` (for benign cases: not more severe than `expect`). */
  met: boolean;
}

export function runCase(c: CorpusCase, benign = false): CaseOutcome {
  const result = scanManifest(caseManifest(c), c.context);
  const flagged = result.status !== 'PASSED';
  const met = benign ? RANK[result.status] <= RANK[c.expect] : RANK[result.status] >= RANK[c.expect];
  return { case: c, result, flagged, met };
}

export interface MaliciousSummary {
  total: number;
  flagged: number;
  failed: number;
  met: number;
  missed: CaseOutcome[];
  byFamily: Record<string, { total: number; flagged: number }>;
}

export function summariseMalicious(outcomes: CaseOutcome[]): MaliciousSummary {
  const byFamily: MaliciousSummary['byFamily'] = {};
  for (const o of outcomes) {
    const fam = (byFamily[o.case.family ?? '?'] ??= { total: 0, flagged: 0 });
    fam.total++;
    if (o.flagged) fam.flagged++;
  }
  return {
    total: outcomes.length,
    flagged: outcomes.filter((o) => o.flagged).length,
    failed: outcomes.filter((o) => o.result.status === 'FAILED').length,
    met: outcomes.filter((o) => o.met).length,
    missed: outcomes.filter((o) => !o.flagged),
    byFamily,
  };
}

/** The 358 official seed manifests (MIT), read in place. */
export function loadSeed(): Record<string, unknown>[] {
  return readJson(SEED_FILE) as Record<string, unknown>[];
}

export interface LiveMcpBenchTool {
  id: string;
  name: string;
  description: string;
  server: string;
  server_name: string;
  server_description: string;
  category: string;
  input_schema: Record<string, unknown>;
}

export function loadLiveMcpBench(): LiveMcpBenchTool[] {
  return readFileSync(LIVEMCPBENCH_FILE, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LiveMcpBenchTool);
}

/**
 * LiveMCPBench servers as manifests: one per server with all its tools, as a publisher would ship them
 * (so references between sibling tools are the server's own). `toolIds[i]` is the corpus id of tool `i`.
 */
export function liveMcpBenchServers(
  rows = loadLiveMcpBench(),
): { key: string; manifest: Record<string, unknown>; toolIds: string[] }[] {
  const byServer = new Map<string, LiveMcpBenchTool[]>();
  for (const r of rows) byServer.set(r.server, [...(byServer.get(r.server) ?? []), r]);
  return [...byServer].map(([key, tools]) => ({
    key,
    toolIds: tools.map((t) => t.id),
    manifest: {
      name: `io.github.livemcpbench/${key.toLowerCase().replace(/[^a-z0-9._-]/g, '-')}`,
      description: tools[0].server_description,
      version: '1.0.0',
      _meta: {
        'io.mcpr/publisher-provided': {
          tools: tools.map((t) => ({
            name: t.name,
            description: t.description,
            inputSchema: t.input_schema,
          })),
        },
      },
    },
  }));
}

/** A LiveMCPBench tool wrapped alone into a minimal manifest (the per-tool reading). */
export function liveMcpBenchToolManifest(t: LiveMcpBenchTool): Record<string, unknown> {
  return {
    name: `io.github.livemcpbench/${t.server.toLowerCase().replace(/[^a-z0-9._-]/g, '-')}`,
    description: t.server_description,
    version: '1.0.0',
    _meta: {
      'io.mcpr/publisher-provided': {
        tools: [{ name: t.name, description: t.description, inputSchema: t.input_schema }],
      },
    },
  };
}

export interface BenignTally {
  total: number;
  failed: number;
  warned: number;
  /** rule id → number of items it flagged at MEDIUM or above. */
  rules: Record<string, number>;
  flaggedItems: { id: string; status: ScanStatus; reasons: string[] }[];
}

export function tally(items: { id: string; result: ScanResult }[]): BenignTally {
  const t: BenignTally = { total: items.length, failed: 0, warned: 0, rules: {}, flaggedItems: [] };
  for (const { id, result } of items) {
    if (result.status === 'FAILED') t.failed++;
    if (result.status === 'WARNED') t.warned++;
    if (result.status === 'PASSED') continue;
    const reasons = [
      ...new Set(
        result.findings
          .filter((f) => f.severity !== 'INFO' && f.severity !== 'LOW')
          .map((f) => `${f.ruleId}@${f.path.slice(-2).join('/')}`),
      ),
    ];
    for (const r of new Set(reasons.map((x) => x.split('@')[0]))) t.rules[r] = (t.rules[r] ?? 0) + 1;
    t.flaggedItems.push({ id, status: result.status, reasons });
  }
  return t;
}

/** Scans the seed with every other seed name as a known server (typosquat checks included). */
export function scanSeed(seed = loadSeed()): { id: string; result: ScanResult }[] {
  const names = seed.map((m) => String(m.name));
  return seed.map((m) => ({ id: String(m.name), result: scanManifest(m, { knownServerNames: names }) }));
}

/** Per-tool verdicts for LiveMCPBench from per-server scans: a tool's findings are those under its path. */
export function scanLiveMcpBench(): {
  servers: { id: string; result: ScanResult }[];
  tools: { id: string; result: ScanResult }[];
} {
  const servers: { id: string; result: ScanResult }[] = [];
  const tools: { id: string; result: ScanResult }[] = [];
  for (const s of liveMcpBenchServers()) {
    const result = scanManifest(s.manifest);
    servers.push({ id: s.key, result });
    s.toolIds.forEach((id, i) => {
      const prefix = ['_meta', 'io.mcpr/publisher-provided', 'tools', String(i)];
      const findings = result.findings.filter((f) => prefix.every((p, j) => f.path[j] === p));
      const worst = findings.some((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL')
        ? 'FAILED'
        : findings.some((f) => f.severity === 'MEDIUM')
          ? 'WARNED'
          : 'PASSED';
      tools.push({ id, result: { ...result, status: worst, findings } });
    });
  }
  return { servers, tools };
}

/** One row of the public MCP server directories in `../shared/data` (name, description, url, …). */
export interface DirectoryRow {
  name?: string;
  title?: string;
  description?: string;
  url?: string;
}

/**
 * Server descriptions from the public directories (docker/mcp-registry and wong2 lists, MIT; ever-works,
 * CC BY-SA, read in place and never copied), as minimal manifests. The namespace comes from the GitHub URL
 * when there is one, so that "official" claims are judged against the real owner.
 */
export function directoryManifests(file: string): { id: string; manifest: Record<string, unknown> }[] {
  const full = path.join(SHARED_DIR, 'data', file);
  return readFileSync(full, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const row = JSON.parse(l) as DirectoryRow;
      const gh = /github\.com\/([\w.-]+)\/([\w.-]+)/i.exec(row.url ?? '');
      const slug =
        (row.name ?? `row-${i}`)
          .toLowerCase()
          .replace(/[^a-z0-9._-]+/g, '-')
          .replace(/^-+|-+$/g, '') || `row-${i}`;
      const name = gh
        ? `io.github.${gh[1].toLowerCase()}/${gh[2].toLowerCase()}`
        : `io.github.directory/${slug}`;
      const manifest: Record<string, unknown> = {
        name,
        description: row.description ?? '',
        version: '1.0.0',
      };
      if (row.title) manifest.title = row.title;
      return { id: `${file}#${i + 1} ${row.name ?? ''}`.trim(), manifest };
    });
}
