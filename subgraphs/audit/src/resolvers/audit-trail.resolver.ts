import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { AuditContext } from '../context';
import { AuditEntryConnection } from '../schema/audit-entry.type';
import { Server, ServerVersion } from '../schema/entities.type';
import { toConnection } from './mappers';

const TRAIL_DESCRIPTION =
  'Public audit entries (registry and trust state changes) about this, in log order; batched per request.';

@Resolver(() => ServerVersion)
export class VersionAuditTrailResolver {
  @FieldResolver(() => AuditEntryConnection, { nullable: true, description: TRAIL_DESCRIPTION })
  async auditTrail(
    @Root() version: ServerVersion,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: AuditContext,
  ): Promise<AuditEntryConnection> {
    return toConnection(await ctx.trails.load('versionId', version.id, { first, after }));
  }
}

@Resolver(() => Server)
export class ServerAuditTrailResolver {
  @FieldResolver(() => AuditEntryConnection, { nullable: true, description: TRAIL_DESCRIPTION })
  async auditTrail(
    @Root() server: Server,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: AuditContext,
  ): Promise<AuditEntryConnection> {
    return toConnection(await ctx.trails.load('serverName', server.name, { first, after }));
  }
}
