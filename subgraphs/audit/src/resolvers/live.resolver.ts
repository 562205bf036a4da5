import { AppError } from '@mcpr/platform';
import { Arg, FieldResolver, Int, Resolver, Root, Subscription } from 'type-graphql';
import { isServerScoped } from '@mcpr/platform';
import { ActivityEvent, ActivityFilter } from '../schema/activity.type';
import { AnalyticsSnapshot } from '../schema/analytics.type';
import type { Server } from '../schema/entities.type';

/** What a subscription sent to this subgraph gets: the gateway is the only place that runs them. */
export const SUBSCRIPTIONS_AT_GATEWAY = 'subscriptions are served by the gateway over graphql-ws';

function servedByGateway(): never {
  throw new AppError('BAD_REQUEST', SUBSCRIPTIONS_AT_GATEWAY);
}

/**
 * The `Subscription` root, declared here so that composition puts it into the API schema (ARCHITECTURE
 * "Federation keys"). @apollo/gateway cannot execute subscriptions: the gateway serves them itself over
 * graphql-ws from the event bus, so these resolvers only refuse.
 */
@Resolver()
export class LiveSubscriptionResolver {
  @Subscription(() => ActivityEvent, {
    subscribe: servedByGateway,
    description:
      'Platform events as they happen. Public event types for everyone; security events (auth.failed, ' +
      'access.denied, ratelimit.exceeded) and other non-public types with AUDIT_READ.',
  })
  activity(
    @Arg('filter', () => ActivityFilter, { nullable: true }) _filter: ActivityFilter | null,
    @Root() event: ActivityEvent,
  ): ActivityEvent {
    // Over HTTP, a subscription operation is executed like a query: there is no event to resolve.
    return event ?? servedByGateway();
  }

  @Subscription(() => AnalyticsSnapshot, {
    subscribe: servedByGateway,
    description: 'An analytics snapshot at once, then one every intervalSeconds (default 5, 1..3600).',
  })
  analytics(
    @Arg('intervalSeconds', () => Int, { nullable: true }) _intervalSeconds: number | null,
    @Root() snapshot: AnalyticsSnapshot,
  ): AnalyticsSnapshot {
    return snapshot ?? servedByGateway();
  }
}

/** `ActivityEvent.server`: a reference by name; the supergraph resolves the rest (the gateway does so live). */
@Resolver(() => ActivityEvent)
export class ActivityEventResolver {
  @FieldResolver()
  server(@Root() event: ActivityEvent): Server | null {
    return isServerScoped(event.type) && event.subject ? { name: event.subject } : null;
  }
}
