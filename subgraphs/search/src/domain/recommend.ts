/**
 * `recommendTools(context)`: an agent describes its task and context; it gets ranked tools, the servers that
 * provide them, and human-readable reasons. Relevance comes from the hybrid search; trust and popularity
 * only nudge it (bounded), installed servers are excluded or down-weighted, and results are diversified.
 */
import { tierRank, type ToolDocument, type TrustTier } from './documents';
import { splitClauses, type SearchService, type ToolHit } from './hybrid-search';
import { tokenize } from './tokenize';

export interface RecommendEnvironment {
  os?: string;
  /** Runtimes available to the agent (`npx`, `uvx`, `docker`, `node`, `python`, ...). */
  runtimes?: string[];
  /** Transports the agent's client supports (`stdio`, `streamable-http`, `sse`). */
  transports?: string[];
}

export interface RecommendContext {
  task: string;
  /** Recent conversation, weighted below the task. */
  recentMessages?: string[];
  installedServers?: string[];
  /** What to do with tools of installed servers (default `exclude`). */
  installed?: 'exclude' | 'downweight';
  environment?: RecommendEnvironment;
  /** Capabilities the recommendation must cover (each becomes its own query; its best tool is kept). */
  requiredCapabilities?: string[];
  minTier?: TrustTier;
  limit?: number;
  /** Diversification: at most this many tools per server (default 2). */
  maxPerServer?: number;
}

export interface RecommendedTool {
  id: string;
  toolName: string;
  serverName: string;
  description: string;
  tier: TrustTier;
  /** Final score (relevance with bounded trust/popularity nudges). */
  score: number;
  /** Relevance alone, in [0, 1]. */
  relevance: number;
  reasons: string[];
}

export interface RecommendOptions {
  /** Weight of recent messages relative to the task (default 0.3). */
  messageWeight?: number;
  /** Multiplier on relevance for installed servers when `installed: 'downweight'` (default 0.5). */
  installedFactor?: number;
  /** Maximum relative boost per trust tier (default up to +8% for certified). */
  tierBoost?: Record<TrustTier, number>;
  /** Maximum relative boost for popularity (default +4% at ≥ 10,000 installs, logarithmic). */
  installsBoost?: number;
}

const DEFAULT_TIER_BOOST: Record<TrustTier, number> = {
  UNVERIFIED: 0,
  COMMUNITY_TRUSTED: 0.03,
  SECURITY_AUDITED: 0.06,
  CERTIFIED: 0.08,
};

const TIER_REASON: Record<TrustTier, string | undefined> = {
  UNVERIFIED: undefined,
  COMMUNITY_TRUSTED: 'community-trusted',
  SECURITY_AUDITED: 'security-audited',
  CERTIFIED: 'certified',
};

const REMOTE = new Set(['streamable-http', 'sse', 'http']);

/** Can the agent run this server? Remote servers need a matching transport; packages a matching runtime. */
export function runnableIn(doc: ToolDocument, env: RecommendEnvironment | undefined): boolean {
  if (!env) return true;
  const transports = env.transports?.map((t) => t.toLowerCase());
  const runtimes = env.runtimes?.map((r) => r.toLowerCase());
  const remote = doc.transports.filter((t) => REMOTE.has(t));
  const remoteOk = remote.length > 0 && (!transports || remote.some((t) => transports.includes(t)));
  const localTransportOk =
    !transports || transports.includes('stdio') || doc.transports.some((t) => transports.includes(t));
  const localOk =
    doc.runtimes.length > 0 &&
    localTransportOk &&
    (!runtimes || doc.runtimes.some((r) => runtimes.includes(r)));
  // A server that declares neither packages nor remotes cannot be judged: keep it.
  if (doc.runtimes.length === 0 && remote.length === 0) return true;
  return remoteOk || localOk;
}

/** The clause of the task that shares the most terms with the tool, for "matches '…'". */
function bestClause(task: string, doc: ToolDocument): string | undefined {
  const toolTerms = new Set(
    tokenize(
      [
        doc.toolName,
        doc.title ?? '',
        doc.description,
        ...doc.params.map((p) => `${p.name} ${p.description ?? ''}`),
      ].join(' '),
    ),
  );
  const clauses = splitClauses(task, 12);
  const candidates = clauses.length ? clauses : [task.trim()];
  let best: { clause: string; overlap: number } | undefined;
  for (const clause of candidates) {
    const overlap = new Set(tokenize(clause).filter((t) => toolTerms.has(t))).size;
    if (overlap > 0 && (!best || overlap > best.overlap)) best = { clause, overlap };
  }
  if (!best) return undefined;
  const c = best.clause.replace(/\s+/g, ' ').trim();
  return c.length > 80 ? `${c.slice(0, 77)}…` : c;
}

function runtimeReason(doc: ToolDocument, env: RecommendEnvironment | undefined): string | undefined {
  const runtimes = env?.runtimes?.map((r) => r.toLowerCase());
  const runtime = runtimes ? doc.runtimes.find((r) => runtimes.includes(r)) : doc.runtimes[0];
  if (runtime) return `runs with ${runtime}`;
  const remote = doc.transports.find(
    (t) => REMOTE.has(t) && (!env?.transports || env.transports.includes(t)),
  );
  return remote ? `remote server (${remote})` : undefined;
}

export async function recommendTools(
  service: SearchService,
  context: RecommendContext,
  options: RecommendOptions = {},
): Promise<{ tools: RecommendedTool[]; degraded: boolean }> {
  const limit = context.limit ?? 10;
  const maxPerServer = Math.max(1, context.maxPerServer ?? 2);
  const installedPolicy = context.installed ?? 'exclude';
  const installed = new Set(context.installedServers ?? []);
  const messageWeight = options.messageWeight ?? 0.3;
  const depth = Math.max(50, limit * 5);
  const filters = {
    ...(context.minTier ? { minTier: context.minTier } : {}),
    ...(installedPolicy === 'exclude' && installed.size ? { excludeServerNames: [...installed] } : {}),
  };

  const messages = (context.recentMessages ?? []).map((m) => m.trim()).filter(Boolean);
  const capabilities = (context.requiredCapabilities ?? []).map((c) => c.trim()).filter(Boolean);
  const [taskRes, msgRes, ...capRes] = await Promise.all([
    service.searchTools({ query: context.task, filters, limit: depth }),
    messages.length
      ? service.searchTools({ query: messages.slice(-5).join('\n'), filters, limit: depth })
      : Promise.resolve(undefined),
    ...capabilities.map((c) => service.searchTools({ query: c, filters, limit: 5 })),
  ]);

  const relevance = new Map<string, number>();
  const fromMessages = new Set<string>();
  const hits = new Map<string, ToolHit>();
  for (const h of taskRes.hits) {
    relevance.set(h.id, h.score);
    hits.set(h.id, h);
  }
  for (const h of msgRes?.hits ?? []) {
    const prev = relevance.get(h.id) ?? 0;
    relevance.set(h.id, prev + messageWeight * h.score);
    if (messageWeight * h.score > 0.1 * Math.max(prev, 1e-9)) fromMessages.add(h.id);
    if (!hits.has(h.id)) hits.set(h.id, h);
  }
  // Normalise the combined relevance back to [0, 1].
  for (const [id, s] of relevance) relevance.set(id, s / (1 + (messages.length ? messageWeight : 0)));

  const covers = new Map<string, string[]>();
  const mustKeep: string[] = [];
  capRes.forEach((res, i) => {
    const hit = res?.hits[0];
    if (!hit) return;
    mustKeep.push(hit.id);
    for (const h of res!.hits.slice(0, 3)) {
      const list = covers.get(h.id) ?? [];
      list.push(capabilities[i]!);
      covers.set(h.id, list);
      if (!hits.has(h.id)) hits.set(h.id, h);
      if (!relevance.has(h.id)) relevance.set(h.id, 0.5 * h.score);
    }
  });

  const tierBoost = options.tierBoost ?? DEFAULT_TIER_BOOST;
  const installsBoost = options.installsBoost ?? 0.04;
  const candidates: RecommendedTool[] = [];
  for (const [id, rel] of relevance) {
    const doc = service.getTool(id);
    if (!doc) continue;
    if (context.minTier && tierRank(doc.tier) < tierRank(context.minTier)) continue;
    if (installed.has(doc.serverName) && installedPolicy === 'exclude') continue;
    if (!runnableIn(doc, context.environment)) continue;
    const popularity = Math.min(1, Math.log10(1 + doc.installs) / 4);
    let score = rel * (1 + tierBoost[doc.tier] + installsBoost * popularity);
    const reasons: string[] = [];
    const clause = bestClause(context.task, doc);
    if (clause) reasons.push(`matches '${clause}'`);
    else if (!fromMessages.has(id)) reasons.push('similar in meaning to the task');
    for (const c of covers.get(id) ?? []) reasons.push(`covers required capability '${c}'`);
    if (fromMessages.has(id)) reasons.push('relevant to the recent conversation');
    const tierReason = TIER_REASON[doc.tier];
    if (tierReason) reasons.push(tierReason);
    if (doc.installs >= 100) reasons.push(`${doc.installs.toLocaleString('en-US')} installs`);
    const rt = runtimeReason(doc, context.environment);
    if (rt) reasons.push(rt);
    if (installed.has(doc.serverName)) {
      score *= options.installedFactor ?? 0.5;
      reasons.push('server already installed');
    }
    candidates.push({
      id,
      toolName: doc.toolName,
      serverName: doc.serverName,
      description: doc.description,
      tier: doc.tier,
      score,
      relevance: rel,
      reasons,
    });
  }
  candidates.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));

  // Diversify: the best tool for each required capability first, then by score, at most N per server.
  const perServer = new Map<string, number>();
  const chosen: RecommendedTool[] = [];
  const take = (c: RecommendedTool): void => {
    if (chosen.length >= limit || chosen.includes(c)) return;
    const n = perServer.get(c.serverName) ?? 0;
    if (n >= maxPerServer) return;
    perServer.set(c.serverName, n + 1);
    chosen.push(c);
  };
  for (const id of mustKeep) {
    const c = candidates.find((x) => x.id === id);
    if (c) take(c);
  }
  for (const c of candidates) take(c);
  chosen.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  const degraded = taskRes.degraded || !!msgRes?.degraded || capRes.some((r) => r?.degraded);
  return { tools: chosen, degraded };
}
