import type { GatewayContext } from '../context';
import { encodeListCursor, type ListCursor } from './cursor';
import { rootData, type ExecuteOperation } from './execute';
import { toServerResponse, type ServerResponse } from './official';
import {
  LIST_SERVERS,
  SERVER_VERSIONS,
  type ServerData,
  type VersionData,
  type VersionEdge,
} from './operations';

/** `GET /v0.1/servers` parameters, validated. */
export interface ListParams {
  limit: number;
  cursor?: ListCursor;
  search?: string;
  updatedSince?: string;
  /** `latest`, an exact version, or undefined for every version. */
  version?: string;
  includeDeleted: boolean;
}

export interface ServerList {
  servers: ServerResponse[];
  metadata: { count: number; nextCursor?: string };
}

interface ServerNode extends ServerData {
  latestVersion?: VersionData | null;
  versions?: { edges: VersionEdge[]; pageInfo: { hasNextPage: boolean } };
}

interface ServersPage {
  edges: { cursor: string; node: ServerNode }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Lists servers in the official shape, one entry per version (or per server with `version=latest`),
 * by name, through the registry's `servers` connection. Deleted servers (asked for with
 * `include_deleted`, implied by `updated_since`) follow the live ones as a second phase, since the
 * connection lists either kind but not both. A server whose versions do not all fit in a page is
 * continued from its last listed version on the next one.
 */
export async function listServers(
  execute: ExecuteOperation,
  context: GatewayContext,
  params: ListParams,
): Promise<ServerList> {
  const latestOnly = params.version === 'latest';
  const exact = latestOnly ? undefined : params.version;
  const lastPhase = params.includeDeleted ? 1 : 0;
  const wanted = (version: VersionData) =>
    (params.includeDeleted || version.status !== 'DELETED') &&
    (exact === undefined || version.version === exact);
  const out: ServerResponse[] = [];
  let cursor: ListCursor = params.cursor ?? { p: 0, a: null };
  let next: ListCursor | undefined;

  const versionsOf = async (name: string, after: string, room: number) => {
    const data = rootData<(ServerData & { versions: ServerNode['versions'] }) | null>(
      await execute(context, SERVER_VERSIONS, { name, first: Math.min(100, Math.max(room, 1)), after }),
      'server',
    );
    return data;
  };

  pages: while (out.length < params.limit) {
    // Continue a server whose versions were cut by the previous page.
    if (cursor.n !== undefined && cursor.v !== undefined) {
      const name = cursor.n;
      let after = cursor.v;
      for (;;) {
        const room = params.limit - out.length;
        const server = await versionsOf(name, after, room);
        const edges = server?.versions?.edges ?? [];
        let cutAt: string | undefined;
        for (const edge of edges) {
          if (!wanted(edge.node)) {
            after = edge.cursor;
            continue;
          }
          if (out.length === params.limit) {
            cutAt = after;
            break;
          }
          out.push(toServerResponse(server!, edge.node));
          after = edge.cursor;
        }
        if (cutAt !== undefined || (out.length === params.limit && server?.versions?.pageInfo.hasNextPage)) {
          next = { p: cursor.p, a: cursor.a, n: name, v: cutAt ?? after };
          break pages;
        }
        if (!server?.versions?.pageInfo.hasNextPage) break;
      }
      cursor = { p: cursor.p, a: cursor.a };
      if (out.length === params.limit) {
        next = cursor;
        break;
      }
    }

    const room = params.limit - out.length;
    const deletedPhase = cursor.p === 1;
    const withVersions = !latestOnly || deletedPhase;
    const page = rootData<ServersPage>(
      await execute(context, LIST_SERVERS, {
        first: room,
        after: cursor.a,
        filter: {
          ...(params.search ? { nameContains: params.search } : {}),
          ...(params.updatedSince ? { updatedSince: params.updatedSince } : {}),
          ...(deletedPhase ? { status: 'DELETED' } : {}),
        },
        withVersions,
        // With version=latest, a deleted server is shown by its newest version.
        versionsFirst: latestOnly ? 1 : Math.min(100, room),
      }),
      'servers',
    );

    for (const [index, edge] of page.edges.entries()) {
      const server = edge.node;
      if (latestOnly) {
        const version = deletedPhase ? server.versions?.edges[0]?.node : server.latestVersion;
        if (version && (deletedPhase || wanted(version))) out.push(toServerResponse(server, version));
        cursor = { p: cursor.p, a: edge.cursor };
      } else {
        const edges = server.versions?.edges ?? [];
        let lastSeen: string | undefined;
        let cut = false;
        for (const versionEdge of edges) {
          if (!wanted(versionEdge.node)) {
            lastSeen = versionEdge.cursor;
            continue;
          }
          if (out.length === params.limit) {
            cut = true;
            break;
          }
          out.push(toServerResponse(server, versionEdge.node));
          lastSeen = versionEdge.cursor;
        }
        if (cut || (server.versions?.pageInfo.hasNextPage && lastSeen !== undefined)) {
          // More versions of this server than fit (or than one fetch returns): continue it by cursor.
          cursor = { p: cursor.p, a: edge.cursor, n: server.name, v: lastSeen as string };
          if (out.length === params.limit) {
            next = cursor;
            break pages;
          }
          continue pages;
        }
        cursor = { p: cursor.p, a: edge.cursor };
      }
      if (out.length === params.limit) {
        const more = index < page.edges.length - 1 || page.pageInfo.hasNextPage || cursor.p < lastPhase;
        if (more) next = cursor;
        break pages;
      }
    }
    if (!page.pageInfo.hasNextPage) {
      if (cursor.p >= lastPhase) break;
      cursor = { p: 1, a: null };
    }
  }

  return {
    servers: out,
    metadata: { count: out.length, ...(next ? { nextCursor: encodeListCursor(next) } : {}) },
  };
}

/** Every version of one server (newest first), for `GET /v0.1/servers/{name}/versions`. */
export async function listVersions(
  execute: ExecuteOperation,
  context: GatewayContext,
  name: string,
  includeDeleted: boolean,
): Promise<ServerResponse[] | null> {
  const out: ServerResponse[] = [];
  let after: string | null = null;
  for (;;) {
    const server: (ServerData & { versions: NonNullable<ServerNode['versions']> }) | null = rootData(
      await execute(context, SERVER_VERSIONS, { name, first: 100, after }),
      'server',
    );
    if (!server) return null;
    for (const edge of server.versions.edges) {
      if (includeDeleted || edge.node.status !== 'DELETED') out.push(toServerResponse(server, edge.node));
      after = edge.cursor;
    }
    if (!server.versions.pageInfo.hasNextPage || server.versions.edges.length === 0) return out;
  }
}
