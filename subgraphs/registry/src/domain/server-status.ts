import {
  actorOf,
  failure,
  forbidden,
  isAdmin,
  requireCoverage,
  Scope,
  success,
  userError,
  VersionStatus,
  type Outcome,
} from '@mcpr/platform';
import { ServerVersionEntity, type ServerEntity } from '../data/entities';
import { emit, registryEvents } from '../events/registry-events';
import type { DomainContext } from './context';
import { findServerByName } from './lookup';
import { refreshServerState } from './server-state';
import { MAX_STATUS_MESSAGE_LENGTH } from './version-status';

export interface SetServerStatusInput {
  name: string;
  status: VersionStatus;
  message?: string | null;
}

export interface ServerStatusChange {
  server: ServerEntity;
  /** The versions whose status or message changed, newest first (empty when nothing changed). */
  updated: ServerVersionEntity[];
}

/**
 * Sets the status (and message) of every version of a server in one transaction — the official API's
 * `PATCH /v0.1/servers/{name}/status` — then recomputes `isLatest` and the server status once, and
 * emits one `version.status_changed` per changed version. Either every version changes or none does.
 *
 * The rules are those of {@link setVersionStatus}: scope SERVERS_MANAGE within the key's namespaces,
 * and restoring a deleted version (DELETED → ACTIVE/DEPRECATED) needs ADMIN. Versions already in the
 * target state are left alone (and not reported).
 */
export async function setServerStatus(
  ctx: DomainContext,
  input: SetServerStatusInput,
): Promise<Outcome<ServerStatusChange>> {
  const caller = requireCoverage(ctx.principal, Scope.SERVERS_MANAGE, input.name);
  const message = input.message?.trim() ? input.message.trim() : null;
  if (message && message.length > MAX_STATUS_MESSAGE_LENGTH) {
    return failure(
      userError('BAD_USER_INPUT', `A status message has at most ${MAX_STATUS_MESSAGE_LENGTH} characters.`, [
        'message',
      ]),
    );
  }
  return ctx.em.transactional(async (em): Promise<Outcome<ServerStatusChange>> => {
    const server = await findServerByName(em, input.name, { lock: true });
    if (!server) return failure(userError('NOT_FOUND', `No server named ${input.name}.`, ['name']));
    const versions = await em.find(
      ServerVersionEntity,
      { serverId: server.id },
      { orderBy: { publishedAt: 'desc', id: 'desc' } },
    );
    const updated = versions.filter(
      (version) => version.status !== input.status || version.statusMessage !== message,
    );
    if (
      input.status !== VersionStatus.DELETED &&
      !isAdmin(caller) &&
      updated.some((version) => version.status === VersionStatus.DELETED)
    ) {
      throw forbidden('Only an ADMIN key may restore a deleted version.');
    }
    if (updated.length === 0) return success({ server, updated });
    const previous = new Map(updated.map((version) => [version.id, version.status]));
    for (const version of updated) {
      version.status = input.status;
      version.statusMessage = message;
    }
    const latest = await refreshServerState(em, server, ctx.now());
    for (const version of updated) {
      emit(
        em,
        registryEvents.versionStatusChanged(
          {
            serverId: server.id,
            name: server.name,
            versionId: version.id,
            version: version.version,
            manifestDigest: version.manifestDigest,
            status: version.status,
            previousStatus: previous.get(version.id)!,
            message,
            isLatest: version.isLatest,
            latestVersionId: latest?.id ?? null,
            serverStatus: server.status,
          },
          { actor: actorOf(caller), traceId: ctx.traceId },
        ),
      );
    }
    return success({ server, updated });
  });
}
