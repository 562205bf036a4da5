import { buildSchema, GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { AppError, unavailable, type EventEnvelope } from '@mcpr/platform';
import type { AnalyticsTicker } from './analytics-feed';
import type { LiveConnection } from './connection';
import type { GatewayEntityFetcher } from './entity-fetcher';
import type { LiveLimits } from './limits';
import type { LiveExecutionContext, LivePayload } from './live-execution';
import type { LiveFeed } from './live-feed';
import { isServerScoped } from '@mcpr/platform';
import { activityMatcher, type ActivityFilterInput } from './visibility';

/** The context of one live operation. */
export interface LiveOperationContext extends LiveExecutionContext {
  connection: LiveConnection;
}

export interface LiveSchemaDeps {
  feed: LiveFeed;
  /** Absent: `analytics` answers UNAVAILABLE. */
  ticker?: AnalyticsTicker;
  /** Absent: `ActivityEvent.server` is null. */
  entities?: GatewayEntityFetcher;
  limits: LiveLimits;
}

/** Analytics snapshots are worth only the latest: a client that is behind keeps at most two. */
const ANALYTICS_QUEUE = 2;

/**
 * The schema live operations execute against: the committed API schema (so documents validate exactly
 * as over HTTP), with resolvers for the Subscription fields fed by the bus and the analytics ticker, and
 * `ActivityEvent.server` resolved through the supergraph. Nothing else has resolvers here: queries and
 * mutations are refused before execution (they belong to HTTP).
 */
export function buildLiveSchema(apiSdl: string, deps: LiveSchemaDeps): GraphQLSchema {
  const schema = buildSchema(apiSdl);
  const subscription = schema.getSubscriptionType();
  if (!subscription) throw new Error('the API schema has no Subscription type (recompose the supergraph)');
  const fields = subscription.getFields();
  const activity = fields.activity;
  const analytics = fields.analytics;
  if (!activity || !analytics) throw new Error('the API schema lacks Subscription.activity or .analytics');

  activity.subscribe = (
    _root,
    args: { filter?: ActivityFilterInput | null },
    context: LiveOperationContext,
  ) => {
    const matches = activityMatcher(args.filter, context.connection.principal);
    let unlisten = () => {};
    const stream = context.connection.openStream<LivePayload<EventEnvelope>>(() => unlisten());
    unlisten = deps.feed.listen((event) => {
      if (matches(event)) stream.push({ key: event.id, value: event });
    });
    return stream;
  };
  activity.resolve = (payload: LivePayload) => payload.value;

  analytics.subscribe = (_root, args: { intervalSeconds?: number | null }, context: LiveOperationContext) => {
    if (!deps.ticker) throw unavailable('Analytics snapshots are not available on this gateway.');
    const { defaultIntervalSeconds, minIntervalSeconds, maxIntervalSeconds } = deps.limits;
    const interval = args.intervalSeconds ?? defaultIntervalSeconds;
    if (interval < minIntervalSeconds || interval > maxIntervalSeconds) {
      throw new AppError(
        'BAD_USER_INPUT',
        `intervalSeconds must be between ${minIntervalSeconds} and ${maxIntervalSeconds}.`,
      );
    }
    let unsubscribe = () => {};
    const stream = context.connection.openStream<LivePayload>(() => unsubscribe(), ANALYTICS_QUEUE);
    unsubscribe = deps.ticker.subscribe(interval, (snapshot) => stream.push(snapshot));
    return stream;
  };
  analytics.resolve = (payload: LivePayload) => payload.value;

  const activityEvent = schema.getType('ActivityEvent');
  const server = activityEvent instanceof GraphQLObjectType ? activityEvent.getFields().server : undefined;
  if (server) {
    server.resolve = (event: EventEnvelope, _args, context: LiveOperationContext, info) => {
      if (!deps.entities || !isServerScoped(event.type) || !event.subject) return null;
      return deps.entities.server(event.subject, event.id, info, {
        authorization: context.connection.authorization,
        clientIp: context.connection.clientIp,
      });
    };
  }
  return schema;
}
