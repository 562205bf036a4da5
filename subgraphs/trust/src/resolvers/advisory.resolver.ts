import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { domainContext, type TrustContext } from '../context';
import { publishAdvisory } from '../domain/advisories';
import { listAdvisories } from '../domain/queries';
import { Advisory, PublishAdvisoryInput, PublishAdvisoryPayload } from '../schema/advisory.type';
import { toTrust, toAdvisory, toUserErrors } from './mappers';

@Resolver(() => Advisory)
export class AdvisoryResolver {
  @Query(() => [Advisory], { description: "A server's advisories, newest first. Public." })
  async advisories(@Arg('name', () => String) name: string, @Ctx() ctx: TrustContext): Promise<Advisory[]> {
    const rows = await listAdvisories(ctx.em, name);
    return rows.map((row) => toAdvisory(row.advisory, row.server.name, row.affects));
  }

  @Mutation(() => PublishAdvisoryPayload, {
    description: 'Publish an advisory against a semver range of versions (scope TRUST_ADMIN).',
  })
  async publishAdvisory(
    @Arg('input', () => PublishAdvisoryInput) input: PublishAdvisoryInput,
    @Ctx() ctx: TrustContext,
  ): Promise<PublishAdvisoryPayload> {
    const outcome = await publishAdvisory(domainContext(ctx), input);
    if (!outcome.ok) return { advisory: null, trust: null, userErrors: toUserErrors(outcome.errors) };
    const { advisory, server } = outcome.value;
    const [listed] = (await listAdvisories(ctx.em, server.name)).filter(
      (row) => row.advisory.id === advisory.id,
    );
    return {
      advisory: toAdvisory(advisory, server.name, listed?.affects ?? []),
      trust: toTrust(server),
      userErrors: [],
    };
  }
}
