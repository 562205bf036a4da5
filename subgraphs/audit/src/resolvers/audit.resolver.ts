import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { AuditContext } from '../context';
import { AuditEntryConnection } from '../schema/audit-entry.type';
import { AuditFilter } from '../schema/audit-filter.input';
import { AuditPublicKey, Checkpoint } from '../schema/checkpoint.type';
import { ConsistencyProof, InclusionProof } from '../schema/proof.type';
import { toCheckpoint, toConnection, toPublicKey } from './mappers';

@Resolver()
export class AuditQueryResolver {
  @Query(() => AuditEntryConnection, {
    description: 'The audit log, filtered, in log order. Needs AUDIT_READ.',
  })
  async auditLog(
    @Arg('filter', () => AuditFilter, { nullable: true }) filter: AuditFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: AuditContext,
  ): Promise<AuditEntryConnection> {
    const page = await ctx.log.entries(
      ctx.principal,
      {
        types: filter?.types ?? undefined,
        subject: filter?.subject ?? undefined,
        actor: filter?.actor ?? undefined,
        since: filter?.since ?? undefined,
        until: filter?.until ?? undefined,
      },
      { first, after },
    );
    return toConnection(page);
  }

  @Query(() => Checkpoint, { nullable: true, description: 'The latest signed checkpoint.' })
  async auditCheckpoint(@Ctx() ctx: AuditContext): Promise<Checkpoint | null> {
    const checkpoint = await ctx.log.latestCheckpoint();
    return checkpoint ? toCheckpoint(checkpoint) : null;
  }

  @Query(() => String, { description: 'Base64 of the raw 32-byte Ed25519 key that signs checkpoints now.' })
  auditPublicKey(@Ctx() ctx: AuditContext): string {
    return ctx.log.publicKey;
  }

  @Query(() => [AuditPublicKey], {
    description: 'Every checkpoint key ever used, with its validity (old checkpoints stay verifiable).',
  })
  async auditPublicKeys(@Ctx() ctx: AuditContext): Promise<AuditPublicKey[]> {
    return (await ctx.log.signingKeys()).map(toPublicKey);
  }

  @Query(() => InclusionProof, {
    description: 'RFC 9162 inclusion proof; 0 ≤ index < treeSize ≤ current size.',
  })
  auditInclusionProof(
    @Arg('index', () => Int) index: number,
    @Arg('treeSize', () => Int) treeSize: number,
    @Ctx() ctx: AuditContext,
  ): Promise<InclusionProof> {
    return ctx.log.inclusionProof(index, treeSize);
  }

  @Query(() => ConsistencyProof, {
    description: 'RFC 9162 consistency proof; 1 ≤ fromSize ≤ toSize ≤ current size.',
  })
  auditConsistencyProof(
    @Arg('fromSize', () => Int) fromSize: number,
    @Arg('toSize', () => Int) toSize: number,
    @Ctx() ctx: AuditContext,
  ): Promise<ConsistencyProof> {
    return ctx.log.consistencyProof(fromSize, toSize);
  }
}
