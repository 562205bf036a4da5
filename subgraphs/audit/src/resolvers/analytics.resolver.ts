import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { unavailable } from '@mcpr/platform';
import type { AuditContext } from '../context';
import { AnalyticsSnapshot } from '../schema/analytics.type';

@Resolver()
export class AnalyticsQueryResolver {
  @Query(() => AnalyticsSnapshot, {
    description:
      'Platform analytics now: trailing-minute counts, and top queries, totals and a per-minute series ' +
      'over the last `window` minutes (default 60, clamped to 1..retention). Public.',
  })
  analytics(
    @Arg('window', () => Int, { nullable: true, description: 'Minutes, the current one included.' })
    window: number | null,
    @Ctx() ctx: AuditContext,
  ): Promise<AnalyticsSnapshot> {
    if (!ctx.analytics) throw unavailable('Analytics are not available on this audit service.');
    return ctx.analytics.snapshot(window);
  }
}
