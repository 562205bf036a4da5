import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Scope, ScanStatus, Severity, TrustTier, VersionStatus } from '@mcpr/schema/generated/graphql';

/*
 * Every GraphQL document mcpm sends.
 *
 * Contract operations that have landed come typed from @mcpr/schema (codegen over
 * schema/operations/*.graphql). The others are hand-typed here from the same texts (Vet, Search,
 * RecommendTools: contract operations of subgraphs still being built) or from api.graphql (Viewer,
 * LockTarget, RegisterPublisherKey: not contract operations). test/operations.test.ts validates each of
 * them against schema/api.graphql as soon as the API serves its root field.
 */
export {
  ListServersDocument,
  PublishServerDocument,
  RecordInstallDocument,
  ServerDetailDocument,
  ServerVersionDocument,
  SetVersionStatusDocument,
  type ListServersQuery,
  type PublishServerMutation,
  type ServerDetailQuery,
  type ServerVersionQuery,
  type SetVersionStatusMutation,
} from '@mcpr/schema/generated/graphql';
export type { Scope, ScanStatus, Severity, TrustTier, VersionStatus };

export type VetDecision = 'ALLOW' | 'DENY';
export type SearchMode = 'KEYWORD' | 'SEMANTIC' | 'HYBRID';

export interface UserErrorShape {
  code: string;
  message: string;
  path: string[] | null;
}

// ------------------------------------------------------------------ registry (not contract operations)

export interface ViewerQuery {
  viewer: { keyId: string; handle: string; scopes: Scope[]; namespaces: string[]; expiresAt: string | null };
}

/** The calling key (api.graphql `Query.viewer`; UNAUTHENTICATED without a key). */
export const ViewerDocument: TypedDocumentNode<ViewerQuery, Record<string, never>> = parse(
  'query Viewer { viewer { keyId handle scopes namespaces expiresAt } }',
);

export interface LockTargetQuery {
  serverVersion: {
    version: string;
    status: VersionStatus;
    statusMessage: string | null;
    isLatest: boolean;
    manifestDigest: string;
    manifest: unknown;
    server: { name: string; trust: { tier: TrustTier } | null };
  } | null;
}

/** What install and verify pin: one version's manifest, its digest and the server's trust tier. */
export const LockTargetDocument: TypedDocumentNode<LockTargetQuery, { name: string; version: string }> =
  parse(`
  query LockTarget($name: String!, $version: String!) {
    serverVersion(name: $name, version: $version) {
      version
      status
      statusMessage
      isLatest
      manifestDigest
      manifest
      server { name trust { tier } }
    }
  }
`);

// ------------------------------------------------------------------ trust

/** Contract `VetPolicyInput`. */
export interface VetPolicyInput {
  minTier?: TrustTier;
  maxFindingSeverity?: Severity;
  forbidPermissions?: string[];
  requireSignature?: boolean;
  allowNamespaces?: string[];
}

export interface VetQuery {
  vet: { decision: VetDecision; reasons: { code: string; message: string }[] };
}

/** Contract operation `Vet` (schema/operations/Vet.graphql). */
export const VetDocument: TypedDocumentNode<
  VetQuery,
  { name: string; version?: string | null; policy: VetPolicyInput }
> = parse(`
  query Vet($name: String!, $version: String, $policy: VetPolicyInput!) {
    vet(name: $name, version: $version, policy: $policy) {
      decision
      reasons { code message }
    }
  }
`);

export interface RegisterPublisherKeyMutation {
  registerPublisherKey: {
    publisherKey: { id: string; fingerprint: string } | null;
    userErrors: UserErrorShape[];
  };
}

/**
 * Registers a publisher's Ed25519 public key (standard base64 of the raw 32 bytes) for the caller's
 * account; the returned id is the `keyId` signatures name.
 */
export const RegisterPublisherKeyDocument: TypedDocumentNode<
  RegisterPublisherKeyMutation,
  { input: { publicKey: string } }
> = parse(`
  mutation RegisterPublisherKey($input: RegisterPublisherKeyInput!) {
    registerPublisherKey(input: $input) {
      publisherKey { id fingerprint }
      userErrors { code message path }
    }
  }
`);

// ------------------------------------------------------------------ search

/** Contract `SearchFilter`. */
export interface SearchFilter {
  categories?: string[];
  minTier?: TrustTier;
  registryTypes?: string[];
  transports?: string[];
  namespace?: string;
}

export interface SearchQuery {
  search: {
    degraded: boolean;
    totalCount: number;
    hits: {
      score: number;
      keywordScore: number | null;
      vectorScore: number | null;
      server: {
        name: string;
        description: string;
        trust: { tier: TrustTier } | null;
        latestVersion: { version: string; scan: { status: ScanStatus } | null } | null;
      };
      matchedTools: { name: string }[];
    }[];
    facets: {
      categories: { value: string; count: number }[];
      tiers: { value: string; count: number }[];
    };
  };
}

/** Contract operation `Search`, plus each hit's latest version and scan status (for the table). */
export const SearchDocument: TypedDocumentNode<
  SearchQuery,
  { query: string; filter?: SearchFilter | null; mode?: SearchMode | null; first?: number | null }
> = parse(`
  query Search($query: String!, $filter: SearchFilter, $mode: SearchMode, $first: Int) {
    search(query: $query, filter: $filter, mode: $mode, first: $first) {
      degraded
      totalCount
      hits {
        score
        keywordScore
        vectorScore
        server { name description trust { tier } latestVersion { version scan { status } } }
        matchedTools { name }
      }
      facets {
        categories { value count }
        tiers { value count }
      }
    }
  }
`);

/** Contract `RecommendationContextInput`. */
export interface RecommendationContextInput {
  task: string;
  recentMessages?: string[];
  installedServers?: string[];
  environment?: { os?: string; runtimes?: string[]; transports?: string[] };
  requiredCapabilities?: string[];
  minTier?: TrustTier;
  limit?: number;
}

export interface RecommendToolsQuery {
  recommendTools: {
    degraded: boolean;
    recommendations: {
      score: number;
      reasons: unknown;
      tool: { name: string; description: string };
      server: { name: string; trust: { tier: TrustTier } | null };
    }[];
  };
}

/** Contract operation `RecommendTools` (schema/operations/RecommendTools.graphql). */
export const RecommendToolsDocument: TypedDocumentNode<
  RecommendToolsQuery,
  { context: RecommendationContextInput }
> = parse(`
  query RecommendTools($context: RecommendationContextInput!) {
    recommendTools(context: $context) {
      degraded
      recommendations {
        score
        reasons
        tool { name description }
        server { name trust { tier } }
      }
    }
  }
`);

/** Trust tiers from lowest to highest (a drop is a move to the left). */
export const TIER_ORDER: readonly TrustTier[] = [
  'UNVERIFIED',
  'COMMUNITY_TRUSTED',
  'SECURITY_AUDITED',
  'CERTIFIED',
];
export const SEVERITY_ORDER: readonly Severity[] = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
