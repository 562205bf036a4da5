import { raw } from '@mikro-orm/core';
import { actorOf, failure, success, userError, VersionStatus, type Outcome } from '@mcpr/platform';
import { InstallEntity, ServerEntity, type ServerVersionEntity } from '../data/entities';
import { emit, registryEvents } from '../events/registry-events';
import type { DomainContext } from './context';
import { findServerByName, findVersionOf } from './lookup';

export const MAX_CLIENT_LENGTH = 100;

export interface RecordInstallInput {
  name: string;
  version?: string | null;
  client?: string | null;
}

/**
 * Records an install (public: no key needed; the gateway rate-limits it). The counter is incremented in
 * SQL (`install_count = install_count + 1`) so concurrent installs are never lost. Installs of a deleted
 * version, or of a server with no live version, are NOT_FOUND: there is nothing to install.
 */
export async function recordInstall(
  ctx: DomainContext,
  input: RecordInstallInput,
): Promise<Outcome<{ installCount: number }>> {
  const client = input.client?.trim() ? input.client.trim() : null;
  if (client && client.length > MAX_CLIENT_LENGTH) {
    return failure(
      userError('BAD_USER_INPUT', `client has at most ${MAX_CLIENT_LENGTH} characters.`, ['client']),
    );
  }
  return ctx.em.transactional(async (em) => {
    const server = await findServerByName(em, input.name);
    if (!server) return failure(userError('NOT_FOUND', `No server named ${input.name}.`, ['name']));
    let version: ServerVersionEntity | null = null;
    if (input.version) {
      version = await findVersionOf(em, server, input.version);
      if (!version || version.status === VersionStatus.DELETED) {
        return failure(
          userError('NOT_FOUND', `${input.name} has no installable version ${input.version}.`, ['version']),
        );
      }
    } else {
      version = await findVersionOf(em, server, 'latest');
      if (!version)
        return failure(userError('NOT_FOUND', `${input.name} has no installable version.`, ['name']));
    }
    await em
      .createQueryBuilder(ServerEntity)
      .update({ installCount: raw('install_count + 1') })
      .where({ id: server.id })
      .execute();
    const row = await em
      .createQueryBuilder(ServerEntity)
      .select(['installCount'])
      .where({ id: server.id })
      .execute('get');
    const installCount = Number(row.installCount);
    const now = ctx.now();
    em.persist(
      Object.assign(new InstallEntity(), {
        serverId: server.id,
        versionId: version.id,
        client,
        createdAt: now,
      }),
    );
    emit(
      em,
      registryEvents.installRecorded(
        {
          serverId: server.id,
          name: server.name,
          versionId: version.id,
          version: version.version,
          client,
          installCount,
        },
        { actor: actorOf(ctx.principal), traceId: ctx.traceId },
      ),
    );
    // The managed `server` entity keeps its stale count on purpose: assigning it would make the flush
    // write an absolute value and lose concurrent increments.
    return success({ installCount });
  });
}
