import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { domainContext, type TrustContext } from '../context';
import { registerPublisherKey, revokePublisherKey } from '../domain/publisher-keys';
import { publisherKeysOf } from '../domain/queries';
import {
  PublisherKey,
  RegisterPublisherKeyInput,
  RegisterPublisherKeyPayload,
  RevokePublisherKeyPayload,
} from '../schema/publisher-key.type';
import { toPublisherKey, toUserErrors } from './mappers';

@Resolver(() => PublisherKey)
export class PublisherKeyResolver {
  @Query(() => [PublisherKey], {
    description: "An account's publisher keys, revoked ones included (public keys are public), oldest first.",
  })
  async publisherKeys(
    @Arg('account', () => String) account: string,
    @Ctx() ctx: TrustContext,
  ): Promise<PublisherKey[]> {
    return (await publisherKeysOf(ctx.em, account)).map(toPublisherKey);
  }

  @Mutation(() => RegisterPublisherKeyPayload, {
    description:
      "Register an Ed25519 public key for the caller's account (scope SERVERS_PUBLISH); its id is the keyId manifests sign with.",
  })
  async registerPublisherKey(
    @Arg('input', () => RegisterPublisherKeyInput) input: RegisterPublisherKeyInput,
    @Ctx() ctx: TrustContext,
  ): Promise<RegisterPublisherKeyPayload> {
    const outcome = await registerPublisherKey(domainContext(ctx), input);
    return outcome.ok
      ? { publisherKey: toPublisherKey(outcome.value), userErrors: [] }
      : { publisherKey: null, userErrors: toUserErrors(outcome.errors) };
  }

  @Mutation(() => RevokePublisherKeyPayload, {
    description:
      "Revoke a publisher key of the caller's account (ADMIN: any); its signatures become REVOKED_KEY.",
  })
  async revokePublisherKey(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: TrustContext,
  ): Promise<RevokePublisherKeyPayload> {
    const outcome = await revokePublisherKey(domainContext(ctx), id);
    return outcome.ok
      ? { publisherKey: toPublisherKey(outcome.value), userErrors: [] }
      : { publisherKey: null, userErrors: toUserErrors(outcome.errors) };
  }
}
