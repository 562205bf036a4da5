import {
  actorOf,
  canonicalDigest,
  failure,
  forbidden,
  isAdmin,
  requireCoverage,
  requireScope,
  Scope,
  success,
  userError,
  type Outcome,
  type UserErrorData,
} from '@mcpr/platform';
import { validateManifest, type ManifestIssue, type ValidManifest } from '@mcpr/manifest';
import {
  AccountEntity,
  NamespaceEntity,
  RemoteUrlEntity,
  ServerEntity,
  ServerVersionEntity,
  ToolEntity,
} from '../data/entities';
import { emit, registryEvents } from '../events/registry-events';
import type { DomainContext } from './context';
import { findServerByName } from './lookup';
import { isValidNamespaceName } from './names';
import { addNamespace } from './namespaces';
import { patternCoveredBy } from './permissions';
import { refreshServerState, serverFieldsOf } from './server-state';
import { mapUniqueViolation, retryOnceOnUniqueViolation } from './unique-violation';

/** What a successful publish stored. */
export interface PublishResult {
  server: ServerEntity;
  version: ServerVersionEntity;
  /** Validation warnings (the manifest was accepted anyway). */
  warnings: ManifestIssue[];
  createdNamespace: boolean;
  createdServer: boolean;
}

/**
 * The manifest's `name`, read leniently before validation: authorization is checked before validation,
 * so a key that does not cover a name is refused even when the manifest is also invalid.
 */
export function readNameLeniently(manifest: unknown): string | undefined {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) return undefined;
  const name = (manifest as Record<string, unknown>).name;
  return typeof name === 'string' ? name : undefined;
}

/** Manifest issues as user errors: the path starts at the input field `manifest`. */
export function issuesToUserErrors(issues: readonly ManifestIssue[]): UserErrorData[] {
  return issues.map((issue) => userError('BAD_USER_INPUT', issue.message, ['manifest', ...issue.path]));
}

/** Remote URLs of a manifest with the index of their first occurrence. */
export function distinctRemoteUrls(
  manifest: Pick<ValidManifest, 'remotes'>,
): { url: string; index: number }[] {
  const seen = new Map<string, number>();
  manifest.remotes.forEach((remote, index) => {
    if (!seen.has(remote.url)) seen.set(remote.url, index);
  });
  return [...seen].map(([url, index]) => ({ url, index }));
}

/**
 * Publishes a manifest as a new immutable version.
 *
 * Checks, in the contract's order: a key (UNAUTHENTICATED), scope SERVERS_PUBLISH and coverage of the
 * manifest's name (FORBIDDEN), validation (BAD_USER_INPUT per issue), then conflicts (CONFLICT: the
 * version exists, or a remote URL belongs to another server). Everything — namespace, server, version,
 * tools, remote URL claims and outbox events — is written in one transaction, or nothing is.
 *
 * A namespace that does not exist yet is created on the first publish into it, owned by the caller's
 * account: for ADMIN, and for a key whose explicit patterns cover the whole namespace (`ns/*`; coverage
 * was granted by whoever created the key, so it is the authority). A key covering only some names of a
 * missing namespace gets FORBIDDEN; keys that follow owned namespaces never cover a missing one.
 */
export async function publishServer(
  ctx: DomainContext,
  manifestInput: unknown,
): Promise<Outcome<PublishResult>> {
  const caller = requireScope(ctx.principal, Scope.SERVERS_PUBLISH);
  const rawName = readNameLeniently(manifestInput);
  if (rawName !== undefined) requireCoverage(caller, Scope.SERVERS_PUBLISH, rawName);

  const validation = validateManifest(manifestInput);
  if (!validation.ok) return failure(...issuesToUserErrors(validation.errors));
  const manifest = validation.value;
  requireCoverage(caller, Scope.SERVERS_PUBLISH, manifest.name);

  const origin = { actor: actorOf(caller), traceId: ctx.traceId };
  // A lost race on a row created on first use (the namespace, its owner, the server) is retried once: the
  // second attempt sees the winner's rows, and a true duplicate (same version, taken remote URL) is then
  // reported by the checks below with its own message.
  return mapUniqueViolation(
    () =>
      retryOnceOnUniqueViolation(() =>
        ctx.em.transactional(async (em): Promise<Outcome<PublishResult>> => {
          const now = ctx.now();
          let namespace = await em.findOne(NamespaceEntity, { name: manifest.namespace });
          let server = await findServerByName(em, manifest.name, { lock: true });

          const errors: UserErrorData[] = [];
          if (!namespace && !isValidNamespaceName(manifest.namespace)) {
            errors.push(
              userError(
                'BAD_USER_INPUT',
                `The namespace ${manifest.namespace} is not a reverse-DNS name such as io.github.alice.`,
                ['manifest', 'name'],
              ),
            );
          }
          if (
            server &&
            (await em.count(ServerVersionEntity, { serverId: server.id, version: manifest.version }))
          ) {
            errors.push(
              userError(
                'CONFLICT',
                `${manifest.name} ${manifest.version} is already published; versions are immutable.`,
                ['manifest', 'version'],
              ),
            );
          }
          const remotes = distinctRemoteUrls(manifest);
          const claims = remotes.length
            ? await em.find(RemoteUrlEntity, { url: { $in: remotes.map((remote) => remote.url) } })
            : [];
          const claimedBy = new Map(claims.map((claim) => [claim.url, claim.serverId]));
          for (const { url, index } of remotes) {
            const owner = claimedBy.get(url);
            if (owner !== undefined && owner !== server?.id) {
              errors.push(
                userError('CONFLICT', `The remote URL ${url} is already used by another server.`, [
                  'manifest',
                  'remotes',
                  String(index),
                  'url',
                ]),
              );
            }
          }
          if (errors.length > 0) return failure(...errors);

          const createdNamespace = !namespace;
          if (!namespace) {
            // Creating a namespace hands its owner every name in it (keys without patterns follow owned
            // namespaces), so a non-admin key must cover the whole namespace, not just this server name.
            if (!isAdmin(caller) && !patternCoveredBy(caller.namespacePatterns, `${manifest.namespace}/*`)) {
              throw forbidden(
                `Namespace ${manifest.namespace} does not exist and this key does not cover all of it; ask an admin to create it.`,
              );
            }
            const owner = await em.findOneOrFail(AccountEntity, { id: caller.accountId });
            namespace = addNamespace(em, manifest.namespace, owner, origin, now);
          }
          const createdServer = !server;
          if (!server) {
            server = Object.assign(new ServerEntity(), {
              name: manifest.name,
              namespaceId: namespace.id,
              ...serverFieldsOf(manifest.manifest),
              createdAt: now,
              updatedAt: now,
            });
            em.persist(server);
            emit(
              em,
              registryEvents.serverCreated(
                { serverId: server.id, name: server.name, namespace: namespace.name },
                origin,
              ),
            );
          }

          const version = Object.assign(new ServerVersionEntity(), {
            serverId: server.id,
            version: manifest.version,
            isSemver: manifest.isSemver,
            publishedAt: now,
            publishedBy: caller.handle,
            manifestDigest: canonicalDigest(manifest.manifest),
            manifest: manifest.manifest,
          });
          em.persist(version);
          manifest.tools.forEach((tool, position) => {
            em.persist(
              Object.assign(new ToolEntity(), {
                versionId: version.id,
                position,
                name: tool.name,
                title: tool.title ?? null,
                description: tool.description,
                inputSchema: tool.inputSchema,
                outputSchema: tool.outputSchema ?? null,
                annotations: tool.annotations ? { ...tool.annotations } : null,
              }),
            );
          });
          for (const { url } of remotes) {
            if (!claimedBy.has(url)) {
              em.persist(Object.assign(new RemoteUrlEntity(), { url, serverId: server.id, claimedAt: now }));
            }
          }
          await em.flush();
          await refreshServerState(em, server, now);

          emit(
            em,
            registryEvents.versionPublished(
              {
                serverId: server.id,
                name: server.name,
                versionId: version.id,
                version: version.version,
                manifestDigest: version.manifestDigest,
                manifest: version.manifest,
                isLatest: version.isLatest,
              },
              origin,
            ),
          );
          return success({ server, version, warnings: validation.warnings, createdNamespace, createdServer });
        }),
      ),
    () =>
      userError('CONFLICT', 'A concurrent publish changed the same server, version or remote URL; retry.', [
        'manifest',
        'version',
      ]),
  );
}
