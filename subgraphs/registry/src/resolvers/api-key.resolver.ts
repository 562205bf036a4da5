import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { clampFirst, requireKey } from '@mcpr/platform';
import { domainContext, type RegistryContext } from '../context';
import {
  apiKeyCursor,
  createApiKey,
  DEFAULT_ROTATION_GRACE_HOURS,
  listOwnKeys,
  revokeApiKey,
  rotateApiKey,
} from '../domain/api-keys';
import { Account } from '../schema/account.type';
import { ApiKey } from '../schema/api-key.type';
import { ApiKeyConnection } from '../schema/connections.type';
import { CreateApiKeyInput } from '../schema/create-api-key.input';
import { CreateApiKeyPayload, RevokeApiKeyPayload, RotateApiKeyPayload } from '../schema/payloads.type';
import { Viewer } from '../schema/viewer.type';
import { mustExist, toAccount, toApiKey, toUserErrors } from './mappers';

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => ApiKeyConnection, { description: "The caller's account's keys, newest first." })
  async apiKeys(
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RegistryContext,
  ): Promise<ApiKeyConnection> {
    const page = await listOwnKeys(domainContext(ctx), { first: clampFirst(first), after });
    const edges = page.keys.map((row) => ({ cursor: apiKeyCursor(row), node: toApiKey(row) }));
    return {
      edges,
      totalCount: page.totalCount,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: Boolean(after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  @Mutation(() => CreateApiKeyPayload, {
    description:
      'ADMIN: for any account. Others: for their own account, within their own scopes and namespaces.',
  })
  async createApiKey(
    @Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput,
    @Ctx() ctx: RegistryContext,
  ): Promise<CreateApiKeyPayload> {
    const outcome = await createApiKey(domainContext(ctx), input);
    return outcome.ok
      ? { apiKey: toApiKey(outcome.value.key), secret: outcome.value.secret, userErrors: [] }
      : { apiKey: null, secret: null, userErrors: toUserErrors(outcome.errors) };
  }

  @Mutation(() => RevokeApiKeyPayload, { description: "Revoke one of the account's keys (ADMIN: any key)." })
  async revokeApiKey(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RegistryContext,
  ): Promise<RevokeApiKeyPayload> {
    const outcome = await revokeApiKey(domainContext(ctx), id);
    return outcome.ok
      ? { apiKey: toApiKey(outcome.value), userErrors: [] }
      : { apiKey: null, userErrors: toUserErrors(outcome.errors) };
  }

  @Mutation(() => RotateApiKeyPayload, {
    description: 'Replace a key; the old one stays valid for gracePeriodHours (default 24, at most 168).',
  })
  async rotateApiKey(
    @Arg('id', () => ID) id: string,
    @Arg('gracePeriodHours', () => Int, { nullable: true, defaultValue: DEFAULT_ROTATION_GRACE_HOURS })
    gracePeriodHours: number | null,
    @Ctx() ctx: RegistryContext,
  ): Promise<RotateApiKeyPayload> {
    const outcome = await rotateApiKey(domainContext(ctx), { id, gracePeriodHours });
    return outcome.ok
      ? {
          apiKey: toApiKey(outcome.value.key),
          secret: outcome.value.secret,
          previousKey: toApiKey(outcome.value.previous),
          userErrors: [],
        }
      : { apiKey: null, secret: null, previousKey: null, userErrors: toUserErrors(outcome.errors) };
  }

  @FieldResolver(() => Account)
  async account(@Root() key: ApiKey, @Ctx() ctx: RegistryContext): Promise<Account> {
    return toAccount(
      mustExist(await ctx.loaders.accountById.load(key.accountId), `account of key ${key.id}`),
    );
  }
}

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, { description: 'The calling key; UNAUTHENTICATED without one.' })
  viewer(@Ctx() ctx: RegistryContext): Viewer {
    const key = requireKey(ctx.principal);
    return {
      keyId: key.keyId,
      handle: key.handle,
      accountId: key.accountId,
      scopes: key.scopes,
      namespaces: key.namespacePatterns,
      expiresAt: key.expiresAt ? new Date(key.expiresAt) : null,
    };
  }

  @FieldResolver(() => Account)
  async account(@Root() viewer: Viewer, @Ctx() ctx: RegistryContext): Promise<Account> {
    return toAccount(
      mustExist(await ctx.loaders.accountById.load(viewer.accountId), `account of key ${viewer.keyId}`),
    );
  }
}
