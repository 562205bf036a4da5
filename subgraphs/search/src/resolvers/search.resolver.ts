import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { actorOf, AppError, TrustTier } from '@mcpr/platform';
import type { SearchContext } from '../context';
import type { SearchFilters } from '../domain/filters';
import { SearchUnavailableError, type SearchMode as CoreMode } from '../domain/hybrid-search';
import { recommendTools } from '../domain/recommend';
import {
  RecommendationContextInput,
  RecommendationResult,
  SearchFilter,
  SearchMode,
  SearchResult,
} from '../schema/search.types';

/** `first` is clamped to this. */
export const MAX_FIRST = 100;
/**
 * The most servers a search counts for `totalCount` and facets. The candidates are what both legs return at
 * the configured fusion depth, rolled up to servers, so for a broad query the count is a lower bound.
 */
export const COUNT_DEPTH = 500;
/** In hybrid search, a server whose own text no keyword matched counts only with at least this normalised vector score. */
export const SEMANTIC_FLOOR = 0.75;

function clean(values: string[] | null | undefined): string[] | undefined {
  const out = (values ?? []).map((v) => v.trim()).filter(Boolean);
  return out.length ? out : undefined;
}

export function filtersOf(filter: SearchFilter | null | undefined): SearchFilters | undefined {
  if (!filter) return undefined;
  const f: SearchFilters = {};
  const categories = clean(filter.categories);
  const registryTypes = clean(filter.registryTypes)?.map((r) => r.toLowerCase());
  const transports = clean(filter.transports)?.map((t) => t.toLowerCase());
  if (categories) f.categories = categories;
  if (registryTypes) f.registryTypes = registryTypes;
  if (transports) f.transports = transports;
  if (filter.minTier) f.minTier = filter.minTier;
  if (filter.namespace?.trim()) f.namespaces = [filter.namespace.trim()];
  return f;
}

function unavailable(error: unknown): never {
  if (error instanceof SearchUnavailableError)
    throw new AppError('UNAVAILABLE', 'Search is unavailable: both search engines failed.');
  throw error;
}

@Resolver()
export class SearchResolver {
  @Query(() => SearchResult, {
    description: 'Servers matching a query (keyword and semantic legs fused), with facets. Public.',
  })
  async search(
    @Arg('query', () => String) query: string,
    @Arg('filter', () => SearchFilter, { nullable: true }) filter: SearchFilter | null | undefined,
    @Arg('mode', () => SearchMode, { nullable: true, defaultValue: SearchMode.HYBRID })
    mode: SearchMode | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Ctx() ctx: SearchContext,
  ): Promise<SearchResult> {
    const text = query.trim();
    if (!text) throw new AppError('BAD_USER_INPUT', 'query must not be empty', { path: ['query'] });
    const limit = Math.max(0, Math.min(first ?? 20, MAX_FIRST));
    const effectiveMode: CoreMode = mode ?? SearchMode.HYBRID;
    const filters = filtersOf(filter);
    const response = await ctx.search
      .searchServers({
        query: text,
        mode: effectiveMode,
        limit,
        countDepth: COUNT_DEPTH,
        semanticFloor: SEMANTIC_FLOOR,
        ...(filters ? { filters } : {}),
      })
      .catch(unavailable);
    const result: SearchResult = {
      degraded: response.degraded,
      totalCount: response.totalCount,
      hits: response.hits.map((h) => ({
        score: h.score,
        keywordScore: h.keywordScore ?? null,
        vectorScore: h.vectorScore ?? null,
        server: { name: h.serverName },
        matchedTools: h.matchedTools.map((t) => ({ name: t.toolName, score: t.score })),
        tier: h.tier as TrustTier,
      })),
      facets: response.facets,
    };
    ctx.events?.performed(
      { query: text, mode: effectiveMode, totalCount: result.totalCount },
      actorOf(ctx.principal),
      ctx.requestId,
    );
    return result;
  }

  @Query(() => RecommendationResult, {
    description:
      'Tools for an agent’s task and context, with the servers providing them and the reasons. Public.',
  })
  async recommendTools(
    @Arg('context', () => RecommendationContextInput) context: RecommendationContextInput,
    @Ctx() ctx: SearchContext,
  ): Promise<RecommendationResult> {
    const task = context.task.trim();
    if (!task)
      throw new AppError('BAD_USER_INPUT', 'context.task must not be empty', { path: ['context', 'task'] });
    const env = context.environment;
    const { tools, degraded } = await recommendTools(ctx.search, {
      task,
      ...(context.recentMessages ? { recentMessages: context.recentMessages } : {}),
      ...(context.installedServers ? { installedServers: context.installedServers } : {}),
      ...(env
        ? {
            environment: {
              ...(env.os ? { os: env.os } : {}),
              ...(env.runtimes ? { runtimes: env.runtimes } : {}),
              ...(env.transports ? { transports: env.transports } : {}),
            },
          }
        : {}),
      ...(context.requiredCapabilities ? { requiredCapabilities: context.requiredCapabilities } : {}),
      ...(context.minTier ? { minTier: context.minTier } : {}),
      limit: Math.max(1, Math.min(context.limit ?? 10, MAX_FIRST)),
    }).catch(unavailable);
    return {
      degraded,
      recommendations: tools.map((t) => {
        const doc = ctx.search.getTool(t.id);
        return {
          score: t.score,
          reasons: t.reasons,
          tool: { name: t.toolName, title: doc?.title ?? null, description: t.description },
          server: { name: t.serverName },
          tier: t.tier as TrustTier,
        };
      }),
    };
  }
}
