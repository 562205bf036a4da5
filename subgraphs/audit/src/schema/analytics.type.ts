import { Field, Int, ObjectType } from 'type-graphql';
import { ValueCount } from '@mcpr/platform';

@ObjectType({ description: 'Counts of one UTC minute (searches are estimated from sampled events).' })
export class AnalyticsMinute {
  @Field(() => Date, { description: 'Start of the minute.' })
  minute!: Date;

  @Field(() => Int, { description: 'version.published events.' })
  publishes!: number;

  @Field(() => Int, { description: 'install.recorded events.' })
  installs!: number;

  @Field(() => Int, { description: 'Searches, each sampled search.performed weighted by 1 / sampleRate.' })
  searches!: number;

  @Field(() => Int, { description: 'auth.failed events.' })
  authFailures!: number;
}

@ObjectType({ description: 'Sums over an analytics window.' })
export class AnalyticsTotals {
  @Field(() => Int)
  publishes!: number;

  @Field(() => Int)
  installs!: number;

  @Field(() => Int)
  searches!: number;

  @Field(() => Int)
  authFailures!: number;
}

@ObjectType({
  description:
    'Platform analytics at one moment (Query.analytics, and pushed by Subscription.analytics). The ' +
    '*LastMinute figures cover the trailing 60 seconds, estimated from per-minute buckets (the current ' +
    "minute plus the previous minute's share still inside the 60 seconds).",
})
export class AnalyticsSnapshot {
  @Field(() => Date)
  at!: Date;

  @Field(() => Int, { description: 'Minutes covered by topQueries, totals and series.' })
  windowMinutes!: number;

  @Field(() => Int)
  publishesLastMinute!: number;

  @Field(() => Int)
  installsLastMinute!: number;

  @Field(() => Int)
  searchesLastMinute!: number;

  @Field(() => Int)
  authFailuresLastMinute!: number;

  @Field(() => [ValueCount], {
    description: 'The 10 most searched normalised queries over the window, most searched first.',
  })
  topQueries!: ValueCount[];

  @Field(() => [ValueCount], {
    description: 'Servers per current trust tier (every TrustTier value, lowest first).',
  })
  tiers!: ValueCount[];

  @Field(() => AnalyticsTotals, { description: 'Sums over the window.' })
  totals!: AnalyticsTotals;

  @Field(() => [AnalyticsMinute], {
    description: 'One entry per minute of the window, oldest first; the current (partial) minute last.',
  })
  series!: AnalyticsMinute[];
}
