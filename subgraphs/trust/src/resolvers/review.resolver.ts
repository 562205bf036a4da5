import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { domainContext, type TrustContext } from '../context';
import { listReviews } from '../domain/queries';
import { submitReview } from '../domain/reviews';
import { Review, SubmitReviewInput, SubmitReviewPayload } from '../schema/review.type';
import { toTrust, toReview, toUserErrors } from './mappers';

@Resolver(() => Review)
export class ReviewResolver {
  @Query(() => [Review], {
    description:
      'Reviews of one version ("latest" for the latest), or of every version when `version` is null; newest first.',
  })
  async reviews(
    @Arg('name', () => String) name: string,
    @Arg('version', () => String, { nullable: true }) version: string | null,
    @Ctx() ctx: TrustContext,
  ): Promise<Review[]> {
    const rows = await listReviews(ctx.em, name, version);
    return rows.map((row) => toReview(row.review, row.server.name, row.version.version));
  }

  @Mutation(() => SubmitReviewPayload, {
    description:
      'Approve or reject a version (scope TRUST_REVIEW). One review per reviewer and version: a new one replaces it.',
  })
  async submitReview(
    @Arg('input', () => SubmitReviewInput) input: SubmitReviewInput,
    @Ctx() ctx: TrustContext,
  ): Promise<SubmitReviewPayload> {
    const outcome = await submitReview(domainContext(ctx), input);
    if (!outcome.ok) return { review: null, trust: null, userErrors: toUserErrors(outcome.errors) };
    const { review, server } = outcome.value;
    const version = await ctx.loaders.versionById.load(review.versionId);
    return {
      review: toReview(review, server.name, version?.version ?? input.version),
      trust: toTrust(server),
      userErrors: [],
    };
  }
}
