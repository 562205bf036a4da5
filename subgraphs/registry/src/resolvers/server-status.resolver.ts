import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { domainContext, type RegistryContext } from '../context';
import { setServerStatus } from '../domain/server-status';
import { SetServerStatusInput } from '../schema/set-server-status.input';
import { SetServerStatusPayload } from '../schema/set-server-status.payload';
import { toServer, toServerVersion, toUserErrors } from './mappers';

@Resolver()
export class ServerStatusResolver {
  @Mutation(() => SetServerStatusPayload, {
    description:
      'Set the status of every version of a server in one transaction (scope SERVERS_MANAGE; restoring deleted versions needs ADMIN).',
  })
  async setServerStatus(
    @Arg('input', () => SetServerStatusInput) input: SetServerStatusInput,
    @Ctx() ctx: RegistryContext,
  ): Promise<SetServerStatusPayload> {
    const outcome = await setServerStatus(domainContext(ctx), input);
    if (!outcome.ok) {
      return { server: null, versions: [], updatedCount: 0, userErrors: toUserErrors(outcome.errors) };
    }
    const { server, updated } = outcome.value;
    return {
      server: toServer(server),
      versions: updated.map(toServerVersion),
      updatedCount: updated.length,
      userErrors: [],
    };
  }
}
