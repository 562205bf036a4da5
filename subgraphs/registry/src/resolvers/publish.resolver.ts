import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { domainContext, type RegistryContext } from '../context';
import { recordInstall } from '../domain/installs';
import { publishServer } from '../domain/publishing';
import { setVersionStatus } from '../domain/version-status';
import { PublishServerPayload, RecordInstallPayload, SetVersionStatusPayload } from '../schema/payloads.type';
import { PublishServerInput } from '../schema/publish-server.input';
import { RecordInstallInput } from '../schema/record-install.input';
import { SetVersionStatusInput } from '../schema/set-version-status.input';
import { toServerVersion, toUserErrors, toWarnings } from './mappers';

@Resolver()
export class PublishResolver {
  @Mutation(() => PublishServerPayload, {
    description:
      'Publish a server.json as a new immutable version (scope SERVERS_PUBLISH, namespace coverage).',
  })
  async publishServer(
    @Arg('input', () => PublishServerInput) input: PublishServerInput,
    @Ctx() ctx: RegistryContext,
  ): Promise<PublishServerPayload> {
    const outcome = await publishServer(domainContext(ctx), input.manifest);
    return outcome.ok
      ? {
          version: toServerVersion(outcome.value.version),
          warnings: toWarnings(outcome.value.warnings),
          userErrors: [],
        }
      : { version: null, warnings: [], userErrors: toUserErrors(outcome.errors) };
  }

  @Mutation(() => SetVersionStatusPayload, {
    description:
      'Deprecate, delete or re-activate a version (scope SERVERS_MANAGE; restoring a deleted one needs ADMIN).',
  })
  async setVersionStatus(
    @Arg('input', () => SetVersionStatusInput) input: SetVersionStatusInput,
    @Ctx() ctx: RegistryContext,
  ): Promise<SetVersionStatusPayload> {
    const outcome = await setVersionStatus(domainContext(ctx), input);
    return outcome.ok
      ? { version: toServerVersion(outcome.value.version), userErrors: [] }
      : { version: null, userErrors: toUserErrors(outcome.errors) };
  }

  @Mutation(() => RecordInstallPayload, { description: 'Count an install (public).' })
  async recordInstall(
    @Arg('input', () => RecordInstallInput) input: RecordInstallInput,
    @Ctx() ctx: RegistryContext,
  ): Promise<RecordInstallPayload> {
    const outcome = await recordInstall(domainContext(ctx), input);
    return outcome.ok
      ? { installCount: outcome.value.installCount, userErrors: [] }
      : { installCount: null, userErrors: toUserErrors(outcome.errors) };
  }
}
