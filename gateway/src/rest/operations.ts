/**
 * The GraphQL operations behind the official REST API. They run through the gateway's own Apollo
 * server (same limits, auth, rate limits and subgraph fan-out as any client operation), so they stay
 * within the document limits: at most depth 8, no literal `first` multipliers.
 */

/** The server fields a REST entry needs (registry + trust). */
const SERVER_FIELDS = 'name installCount updatedAt trust { tier score }';

/** The version fields a REST entry needs (registry + trust's scan). */
const VERSION_FIELDS = 'id version status statusMessage isLatest publishedAt manifest scan { status }';

const USER_ERRORS = 'userErrors { code message path }';

/**
 * A page of servers by name, with either each one's latest version or its first `versionsFirst`
 * versions (newest first). `filter.status: DELETED` lists deleted servers only; without it they are
 * left out.
 */
export const LIST_SERVERS = `query RestListServers($first: Int!, $after: String, $filter: ServerFilter, $withVersions: Boolean!, $versionsFirst: Int!) {
  servers(first: $first, after: $after, filter: $filter) {
    edges {
      cursor
      node {
        ${SERVER_FIELDS}
        latestVersion @skip(if: $withVersions) { ${VERSION_FIELDS} }
        versions(first: $versionsFirst) @include(if: $withVersions) {
          edges { cursor node { ${VERSION_FIELDS} } }
          pageInfo { hasNextPage }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** One server's versions, newest first, from a cursor. */
export const SERVER_VERSIONS = `query RestServerVersions($name: String!, $first: Int!, $after: String) {
  server(name: $name) {
    ${SERVER_FIELDS}
    versions(first: $first, after: $after) {
      edges { cursor node { ${VERSION_FIELDS} } }
      pageInfo { hasNextPage }
    }
  }
}`;

/** One version ("latest" allowed) with its server. */
export const SERVER_VERSION = `query RestServerVersion($name: String!, $version: String!) {
  serverVersion(name: $name, version: $version) { ${VERSION_FIELDS} server { ${SERVER_FIELDS} } }
}`;

export const PUBLISH = `mutation RestPublish($manifest: JSON!) {
  publishServer(input: { manifest: $manifest }) {
    version { ${VERSION_FIELDS} server { ${SERVER_FIELDS} } }
    warnings { message path }
    ${USER_ERRORS}
  }
}`;

/** The current status of a version, to tell "no change" apart (the official API answers 400). */
export const VERSION_STATUS = `query RestVersionStatus($name: String!, $version: String!) {
  serverVersion(name: $name, version: $version) { status statusMessage }
}`;

export const SET_VERSION_STATUS = `mutation RestSetVersionStatus($input: SetVersionStatusInput!) {
  setVersionStatus(input: $input) {
    version { ${VERSION_FIELDS} server { ${SERVER_FIELDS} } }
    ${USER_ERRORS}
  }
}`;

export const SET_SERVER_STATUS = `mutation RestSetServerStatus($input: SetServerStatusInput!) {
  setServerStatus(input: $input) {
    server { ${SERVER_FIELDS} }
    versions { ${VERSION_FIELDS} }
    updatedCount
    ${USER_ERRORS}
  }
}`;

/** The GraphQL shapes the operations above return. */
export interface ServerData {
  name: string;
  installCount: number;
  updatedAt: string;
  trust: { tier: string; score: number } | null;
}

export interface VersionData {
  id: string;
  version: string;
  status: 'ACTIVE' | 'DEPRECATED' | 'DELETED';
  statusMessage: string | null;
  isLatest: boolean;
  publishedAt: string;
  manifest: Record<string, unknown>;
  scan: { status: string } | null;
}

export interface VersionEdge {
  cursor: string;
  node: VersionData;
}

export interface UserErrorData {
  code: string;
  message: string;
  path: string[] | null;
}
