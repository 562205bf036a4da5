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
import type { ServerEntity, ServerVersionEntity } from '../data/entities';
import { emit, registryEvents } from '../events/registry-events';
import type { DomainContext } from './context';
import { findServerByName, findVersionOf } from './lookup';
import { refreshServerState } from './server-state';

export const MAX_STATUS_MESSAGE_LENGTH = 1000;

export interface SetVersionStatusInput {
  name: string;
  version: string;
  status: VersionStatus;
  message?: string | null;
}

export interface StatusChange {
  server: ServerEntity;
  version: ServerVersionEntity;
  changed: boolean;
}

/**
 * Deprecates, deletes or re-activates a version (scope SERVERS_MANAGE within the key's namespaces), then
 * recomputes `isLatest` and the server status in the same transaction and emits
 * `version.status_changed`. `version` may be `"latest"`.
 *
 * Un-deleting (DELETED → ACTIVE/DEPRECATED) needs ADMIN: deletion is how takedowns (malware, leaked
 * secrets) are done, and a publisher must not be able to undo one.
 */
export async function setVersionStatus(
  ctx: DomainContext,
  input: SetVersionStatusInput,
): Promise<Outcome<StatusChange>> {
  const caller = requireCoverage(ctx.principal, Scope.SERVERS_MANAGE, input.name);
  const message = input.message?.trim() ? input.message.trim() : null;
  if (message && message.length > MAX_STATUS_MESSAGE_LENGTH) {
    return failure(
      userError('BAD_USER_INPUT', `A status message has at most ${MAX_STATUS_MESSAGE_LENGTH} characters.`, [
        'message',
      ]),
    );
  }
  return ctx.em.transactional(async (em): Promise<Outcome<StatusChange>> => {
    const server = await findServerByName(em, input.name, { lock: true });
    if (!server) return failure(userError('NOT_FOUND', `No server named ${input.name}.`, ['name']));
    const version = await findVersionOf(em, server, input.version);
    if (!version) {
      return failure(userError('NOT_FOUND', `${input.name} has no version ${input.version}.`, ['version']));
    }
    const previousStatus = version.status;
    if (
      previousStatus === VersionStatus.DELETED &&
      input.status !== VersionStatus.DELETED &&
      !isAdmin(caller)
    ) {
      throw forbidden('Only an ADMIN key may restore a deleted version.');
    }
    if (previousStatus === input.status && version.statusMessage === message) {
      return success({ server, version, changed: false });
    }
    const now = ctx.now();
    version.status = input.status;
    version.statusMessage = message;
    const latest = await refreshServerState(em, server, now);
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
          previousStatus,
          message,
          isLatest: version.isLatest,
          latestVersionId: latest?.id ?? null,
          serverStatus: server.status,
        },
        { actor: actorOf(caller), traceId: ctx.traceId },
      ),
    );
    return success({ server, version, changed: true });
  });
}
