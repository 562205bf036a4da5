import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { domainContext, type RegistryContext } from '../context';
import { createNamespace } from '../domain/namespaces';
import { NamespaceEntity } from '../data/entities';
import { Account } from '../schema/account.type';
import { CreateNamespaceInput } from '../schema/create-namespace.input';
import { Namespace } from '../schema/namespace.type';
import { CreateNamespacePayload } from '../schema/payloads.type';
import { mustExist, toAccount, toNamespace, toUserErrors } from './mappers';

@Resolver(() => Namespace)
export class NamespaceResolver {
  @Query(() => Namespace, { nullable: true })
  async namespace(
    @Arg('name', () => String) name: string,
    @Ctx() ctx: RegistryContext,
  ): Promise<Namespace | null> {
    const row = await ctx.em.findOne(NamespaceEntity, { name });
    return row ? toNamespace(row) : null;
  }

  @Mutation(() => CreateNamespacePayload, { description: 'ADMIN only; the owner account is created if new.' })
  async createNamespace(
    @Arg('input', () => CreateNamespaceInput) input: CreateNamespaceInput,
    @Ctx() ctx: RegistryContext,
  ): Promise<CreateNamespacePayload> {
    const outcome = await createNamespace(domainContext(ctx), input);
    return outcome.ok
      ? { namespace: toNamespace(outcome.value), userErrors: [] }
      : { namespace: null, userErrors: toUserErrors(outcome.errors) };
  }

  @FieldResolver(() => Account)
  async owner(@Root() namespace: Namespace, @Ctx() ctx: RegistryContext): Promise<Account> {
    return toAccount(
      mustExist(await ctx.loaders.accountById.load(namespace.ownerId), `owner of ${namespace.name}`),
    );
  }
}
