import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { TrustContext } from '../context';
import type { TrustServerRow } from '../data/loaders';
import { Server, ServerVersion } from '../schema/entities.type';
import { ScanReport, ToolChanges } from '../schema/scan-report.type';
import { Trust } from '../schema/trust.type';
import { loadScanReport, toTrust, pendingScan, toToolChanges } from './mappers';

/** A Server as `__resolveReference` hands it over: the keys, and trust's row when it knows the server. */
export type ServerReference = Server & { row?: TrustServerRow | null };

@Resolver(() => Server)
export class ServerTrustResolver {
  @FieldResolver(() => Trust, {
    nullable: true,
    description: 'Trust tier, score and reasons; UNVERIFIED for a server trust has not seen.',
  })
  async trust(@Root() server: ServerReference, @Ctx() ctx: TrustContext): Promise<Trust> {
    const row =
      server.row !== undefined
        ? server.row
        : server.id
          ? await ctx.loaders.serverById.load(server.id)
          : await ctx.loaders.serverByName.load(server.name);
    return toTrust(row);
  }
}

@Resolver(() => ServerVersion)
export class VersionScanResolver {
  @FieldResolver(() => ScanReport, {
    nullable: true,
    description: 'The security scan; PENDING until the report is stored (within a second of the publish).',
  })
  async scan(@Root() version: ServerVersion, @Ctx() ctx: TrustContext): Promise<ScanReport> {
    const row = await ctx.loaders.versionById.load(version.id);
    return row ? loadScanReport(row, ctx) : pendingScan(version.id);
  }

  @FieldResolver(() => ToolChanges, {
    nullable: true,
    description:
      'Tools added, removed and changed since the version this one follows; null for a first version or while pending.',
  })
  async toolChanges(@Root() version: ServerVersion, @Ctx() ctx: TrustContext): Promise<ToolChanges | null> {
    const row = await ctx.loaders.versionById.load(version.id);
    return row ? toToolChanges(row) : null;
  }
}

@Resolver(() => Trust)
export class TrustFieldsResolver {
  /** Declared (type, description) on `Trust`; resolved here so that only a client asking for it pays for it. */
  @FieldResolver()
  async evaluatedVersion(@Root() trust: Trust, @Ctx() ctx: TrustContext): Promise<string | null> {
    return trust.evaluatedVersionId ? ctx.loaders.versionLabelById.load(trust.evaluatedVersionId) : null;
  }
}
