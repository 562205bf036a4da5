/**
 * Live subscriptions on the gateway (graphql-ws over `ws`, same port and path as HTTP GraphQL): see
 * `attachSubscriptions`. Clients for Node (`createLiveClient`, `openLeanConnection`) are exported for
 * tests and benchmarks.
 */
export { attachSubscriptions, type AttachSubscriptionsOptions, type LiveSubscriptions } from './live-server';
export {
  auditAnalyticsSource,
  AnalyticsTicker,
  type AnalyticsSource,
  type AnalyticsSnapshotValue,
  type AuditAnalyticsSourceOptions,
} from './analytics-feed';
export { DEFAULT_LIVE_LIMITS, resolveLiveLimits, SubscriptionQuota, type LiveLimits } from './limits';
export { liveEnvShape, liveLimitsFromConfig, type LiveEnv } from './live-env';
export { LiveStream, type OverflowPolicy } from './live-stream';
export { BoundedQueue } from './bounded-queue';
export { LiveFeed, liveGroupName } from './live-feed';
export type { LiveStats } from './connection';
export {
  CLOSE_IDLE,
  CLOSE_SLOW_CONSUMER,
  CLOSE_TRY_AGAIN_LATER,
  CLOSE_UNAUTHORIZED,
} from './connection-auth';
export { activityMatcher, mayReceive, visibilityOf, SECURITY_EVENT_TYPES } from './visibility';
export {
  createLiveClient,
  liveUrl,
  openLeanConnection,
  type LeanConnection,
  type LeanSubscription,
  type LiveMessage,
} from './live-client';
