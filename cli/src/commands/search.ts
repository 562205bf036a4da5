import { int, list, str } from '../args';
import type { Command } from '../context';
import { ExitCode, usageError } from '../errors';
import {
  SearchDocument,
  TIER_ORDER,
  type SearchFilter,
  type SearchMode,
  type TrustTier,
} from '../operations';
import type { Output } from '../output';

const MODES: Record<string, SearchMode> = { hybrid: 'HYBRID', keyword: 'KEYWORD', semantic: 'SEMANTIC' };

/** A tier option (`community_trusted`, `community-trusted`, ...) as the enum value. */
export function parseTier(raw: string | undefined): TrustTier | undefined {
  if (raw === undefined) return undefined;
  const tier = raw.toUpperCase().replace(/-/g, '_') as TrustTier;
  if (!TIER_ORDER.includes(tier))
    throw usageError(
      `unknown tier ${JSON.stringify(raw)}`,
      `use one of ${TIER_ORDER.map((t) => t.toLowerCase()).join(', ')}`,
    );
  return tier;
}

export function paintTier(out: Output, tier: string | undefined | null): string {
  if (!tier) return out.c.dim('?');
  const text = tier.toLowerCase();
  if (tier === 'CERTIFIED' || tier === 'SECURITY_AUDITED') return out.c.green(text);
  if (tier === 'COMMUNITY_TRUSTED') return out.c.cyan(text);
  return out.c.dim(text);
}

export function paintScan(out: Output, status: string | undefined | null): string {
  if (!status) return out.c.dim('?');
  const text = status.toLowerCase();
  if (status === 'FAILED') return out.c.red(text);
  if (status === 'WARNED') return out.c.yellow(text);
  if (status === 'PASSED') return out.c.green(text);
  return out.c.dim(text);
}

export const search: Command = {
  name: 'search',
  summary: 'find servers (hybrid keyword + semantic search) with trust tier and scan status',
  usage:
    'mcpm search <text> [--tier <min>] [--category <c>] [--namespace <ns>] [--mode hybrid|keyword|semantic] [--limit <n>]',
  options: {
    tier: {
      type: 'string',
      value: '<tier>',
      description: 'minimum trust tier (unverified, community_trusted, security_audited, certified)',
    },
    category: {
      type: 'string',
      multiple: true,
      value: '<category>',
      description: 'only servers in this category',
    },
    namespace: { type: 'string', value: '<namespace>', description: 'only servers in this namespace' },
    mode: { type: 'string', value: '<mode>', description: 'hybrid (default), keyword or semantic' },
    limit: { type: 'string', value: '<n>', description: 'at most n results (default 20, max 100)' },
  },
  async run(ctx, args) {
    const text = args.positionals.join(' ').trim();
    if (!text) throw usageError('missing search text', `usage: ${this.usage}`);
    const modeName = str(args.values, 'mode');
    const mode = modeName === undefined ? undefined : MODES[modeName.toLowerCase()];
    if (modeName !== undefined && !mode)
      throw usageError(`unknown mode ${JSON.stringify(modeName)}`, 'use hybrid, keyword or semantic');
    const filter: SearchFilter = {};
    const tier = parseTier(str(args.values, 'tier'));
    if (tier) filter.minTier = tier;
    if (list(args.values, 'category').length) filter.categories = list(args.values, 'category');
    const namespace = str(args.values, 'namespace');
    if (namespace) filter.namespace = namespace;

    ctx.out.progress(`searching ${ctx.config.url}`);
    const { search: result } = await ctx.client.execute(SearchDocument, {
      query: text,
      first: int(args.values, 'limit', 20),
      ...(Object.keys(filter).length ? { filter } : {}),
      ...(mode ? { mode } : {}),
    });
    if (result.degraded)
      ctx.out.warn('one search engine is down: these results come from the other one only');
    ctx.out.table(
      ['NAME', 'VERSION', 'TIER', 'SCAN', 'TOOLS', 'DESCRIPTION'],
      result.hits.map((hit) => [
        ctx.out.c.bold(hit.server.name),
        hit.server.latestVersion?.version ?? '',
        paintTier(ctx.out, hit.server.trust?.tier),
        paintScan(ctx.out, hit.server.latestVersion?.scan?.status),
        hit.matchedTools.map((tool) => tool.name).join(', '),
        hit.server.description,
      ]),
    );
    if (result.hits.length === 0) ctx.out.note(`nothing matched "${text}"`);
    else ctx.out.note(`${result.hits.length} of ${result.totalCount}; \`mcpm info <name>\` for details`);
    ctx.out.result(result);
    return ExitCode.OK;
  },
};
