import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { AppError } from '@mcpr/platform';
import type { TrustContext } from '../context';
import { scanCursor, scanHistory, tierHistory } from '../domain/queries';
import { ScanReportConnection } from '../schema/scan-report.type';
import { TierChange } from '../schema/tier-change.type';
import { loadScanReport, toTierChange } from './mappers';

@Resolver()
export class HistoryResolver {
  @Query(() => ScanReportConnection, {
    description: 'Every scan report of a server, newest version first (`first` up to 100). Public.',
  })
  async scanHistory(
    @Arg('name', () => String) name: string,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: TrustContext,
  ): Promise<ScanReportConnection> {
    const outcome = await scanHistory(ctx.em, { name, first, after });
    if (!outcome.ok) throw new AppError('BAD_USER_INPUT', outcome.errors[0]!.message, { path: ['after'] });
    const page = outcome.value;
    const edges = await Promise.all(
      page.versions.map(async (row) => ({ cursor: scanCursor(row), node: await loadScanReport(row, ctx) })),
    );
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: Boolean(after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      totalCount: page.totalCount,
    };
  }

  @Query(() => [TierChange], { description: "A server's tier changes, newest first. Public." })
  async tierHistory(
    @Arg('name', () => String) name: string,
    @Ctx() ctx: TrustContext,
  ): Promise<TierChange[]> {
    return (await tierHistory(ctx.em, name)).map(toTierChange);
  }
}
