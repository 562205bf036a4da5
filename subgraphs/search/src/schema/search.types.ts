import { Directive, Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { TrustTier, ValueCount } from '@mcpr/platform';

export enum SearchMode {
  KEYWORD = 'KEYWORD',
  SEMANTIC = 'SEMANTIC',
  HYBRID = 'HYBRID',
}
registerEnumType(SearchMode, {
  name: 'SearchMode',
  description: 'Which legs a search runs: keyword, semantic (vectors) or both fused.',
});

/** A registry server, referred to by name; the gateway resolves every other field from the registry. */
@Directive('@key(fields: "name", resolvable: false)')
@ObjectType()
export class Server {
  @Field(() => String)
  name!: string;
}

@InputType({ description: 'Search filters: lists are OR within a field and AND across fields.' })
export class SearchFilter {
  @Field(() => [String], { nullable: true })
  categories?: string[] | null;

  @Field(() => TrustTier, { nullable: true, description: 'Lowest acceptable trust tier.' })
  minTier?: TrustTier | null;

  @Field(() => [String], { nullable: true })
  registryTypes?: string[] | null;

  @Field(() => [String], { nullable: true })
  transports?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Only servers of this namespace.' })
  namespace?: string | null;
}

@ObjectType({ description: 'A tool of a hit that matched the query.' })
export class MatchedTool {
  @Field(() => String)
  name!: string;

  @Field(() => Float, { nullable: true })
  score?: number | null;
}

@ObjectType({ description: 'One server found by a search.' })
export class SearchHit {
  @Field(() => Float, { description: 'Fused score in [0, 1].' })
  score!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'The keyword leg’s normalised score, if it found the server.',
  })
  keywordScore?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The vector leg’s normalised score, if it found the server.',
  })
  vectorScore?: number | null;

  @Field(() => Server)
  server!: Server;

  @Field(() => [MatchedTool])
  matchedTools!: MatchedTool[];

  @Field(() => TrustTier, { description: 'The server’s trust tier when it was indexed.' })
  tier!: TrustTier;
}

@ObjectType()
export class SearchFacets {
  @Field(() => [ValueCount])
  categories!: ValueCount[];

  @Field(() => [ValueCount])
  tiers!: ValueCount[];
}

@ObjectType()
export class SearchResult {
  @Field(() => Boolean, { description: 'True when one engine failed and results come from the other.' })
  degraded!: boolean;

  @Field(() => Int, {
    description:
      'Matching servers among the ranked candidates (each engine returns its best few hundred), at most 500: for a broad query, a lower bound.',
  })
  totalCount!: number;

  @Field(() => [SearchHit])
  hits!: SearchHit[];

  @Field(() => SearchFacets)
  facets!: SearchFacets;
}

@InputType()
export class EnvironmentInput {
  @Field(() => String, { nullable: true })
  os?: string | null;

  @Field(() => [String], { nullable: true })
  runtimes?: string[] | null;

  @Field(() => [String], { nullable: true })
  transports?: string[] | null;
}

@InputType()
export class RecommendationContextInput {
  @Field(() => String)
  task!: string;

  @Field(() => [String], { nullable: true })
  recentMessages?: string[] | null;

  @Field(() => [String], { nullable: true })
  installedServers?: string[] | null;

  @Field(() => EnvironmentInput, { nullable: true })
  environment?: EnvironmentInput | null;

  @Field(() => [String], { nullable: true })
  requiredCapabilities?: string[] | null;

  @Field(() => TrustTier, { nullable: true })
  minTier?: TrustTier | null;

  @Field(() => Int, { nullable: true })
  limit?: number | null;
}

@ObjectType({ description: 'A tool as search indexed it.' })
export class SearchTool {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String)
  description!: string;
}

@ObjectType({ description: 'A recommended tool, the server providing it and why.' })
export class RecommendedTool {
  @Field(() => Float)
  score!: number;

  @Field(() => [String])
  reasons!: string[];

  @Field(() => SearchTool)
  tool!: SearchTool;

  @Field(() => Server)
  server!: Server;

  @Field(() => TrustTier)
  tier!: TrustTier;
}

@ObjectType()
export class RecommendationResult {
  @Field(() => Boolean)
  degraded!: boolean;

  @Field(() => [RecommendedTool])
  recommendations!: RecommendedTool[];
}
