/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
  'subscription Activity($filter: ActivityFilter) {\n  activity(filter: $filter) {\n    id\n    type\n    subject\n    actor\n    occurredAt\n  }\n}': typeof types.ActivityDocument;
  'subscription AnalyticsSnapshots($intervalSeconds: Int) {\n  analytics(intervalSeconds: $intervalSeconds) {\n    at\n    publishesLastMinute\n    installsLastMinute\n    searchesLastMinute\n    authFailuresLastMinute\n    topQueries {\n      value\n      count\n    }\n    tiers {\n      value\n      count\n    }\n  }\n}': typeof types.AnalyticsSnapshotsDocument;
  'query AuditCheckpoint {\n  auditCheckpoint {\n    treeSize\n    rootHash\n    issuedAt\n    keyId\n    signature\n    note\n  }\n}': typeof types.AuditCheckpointDocument;
  'query AuditConsistencyProof($fromSize: Int!, $toSize: Int!) {\n  auditConsistencyProof(fromSize: $fromSize, toSize: $toSize) {\n    fromSize\n    toSize\n    fromRoot\n    toRoot\n    hashes\n  }\n}': typeof types.AuditConsistencyProofDocument;
  'query AuditInclusionProof($index: Int!, $treeSize: Int!) {\n  auditInclusionProof(index: $index, treeSize: $treeSize) {\n    index\n    treeSize\n    leafHash\n    rootHash\n    hashes\n  }\n}': typeof types.AuditInclusionProofDocument;
  'query AuditLog($filter: AuditFilter, $first: Int, $after: String) {\n  auditLog(filter: $filter, first: $first, after: $after) {\n    edges {\n      node {\n        index\n        type\n        subject\n        actor\n        occurredAt\n        leafHash\n        data\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}': typeof types.AuditLogDocument;
  'mutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    apiKey {\n      id\n      prefix\n      name\n      scopes\n      namespaces\n      expiresAt\n    }\n    secret\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}': typeof types.CreateApiKeyDocument;
  'mutation CreateNamespace($input: CreateNamespaceInput!) {\n  createNamespace(input: $input) {\n    namespace {\n      id\n      name\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}': typeof types.CreateNamespaceDocument;
  'query ListServers($first: Int, $after: String, $filter: ServerFilter) {\n  servers(first: $first, after: $after, filter: $filter) {\n    totalCount\n    edges {\n      cursor\n      node {\n        name\n        description\n        status\n        latestVersion {\n          version\n        }\n        trust {\n          tier\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}': typeof types.ListServersDocument;
  'mutation PublishAdvisory($input: PublishAdvisoryInput!) {\n  publishAdvisory(input: $input) {\n    advisory {\n      id\n      severity\n      affectedVersions\n      summary\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}': typeof types.PublishAdvisoryDocument;
  'mutation PublishServer($input: PublishServerInput!) {\n  publishServer(input: $input) {\n    version {\n      id\n      version\n      isLatest\n      status\n      publishedAt\n      manifestDigest\n      server {\n        id\n        name\n        namespace {\n          name\n        }\n      }\n      tools {\n        name\n        description\n      }\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}': typeof types.PublishServerDocument;
  'query RecommendTools($context: RecommendationContextInput!) {\n  recommendTools(context: $context) {\n    degraded\n    recommendations {\n      score\n      reasons\n      tool {\n        name\n        description\n      }\n      server {\n        name\n        trust {\n          tier\n        }\n      }\n    }\n  }\n}': typeof types.RecommendToolsDocument;
  'mutation RecordInstall($input: RecordInstallInput!) {\n  recordInstall(input: $input) {\n    installCount\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}': typeof types.RecordInstallDocument;
  'mutation RevokeApiKey($id: ID!) {\n  revokeApiKey(id: $id) {\n    apiKey {\n      id\n      revokedAt\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}': typeof types.RevokeApiKeyDocument;
  'query Search($query: String!, $filter: SearchFilter, $mode: SearchMode, $first: Int) {\n  search(query: $query, filter: $filter, mode: $mode, first: $first) {\n    degraded\n    totalCount\n    hits {\n      score\n      keywordScore\n      vectorScore\n      server {\n        name\n        description\n        trust {\n          tier\n        }\n      }\n      matchedTools {\n        name\n      }\n    }\n    facets {\n      categories {\n        value\n        count\n      }\n      tiers {\n        value\n        count\n      }\n    }\n  }\n}': typeof types.SearchDocument;
  'query ServerDetail($name: String!) {\n  server(name: $name) {\n    id\n    name\n    title\n    description\n    status\n    installCount\n    namespace {\n      name\n    }\n    trust {\n      tier\n      score\n      reasons\n    }\n    latestVersion {\n      id\n      version\n      status\n      isLatest\n      publishedAt\n      manifestDigest\n      manifest\n      packages {\n        registryType\n        identifier\n        version\n        runtimeHint\n        transport {\n          type\n          url\n        }\n      }\n      remotes {\n        type\n        url\n      }\n      tools {\n        name\n        title\n        description\n        inputSchema\n        annotations {\n          readOnlyHint\n          destructiveHint\n          idempotentHint\n          openWorldHint\n        }\n      }\n      scan {\n        status\n        score\n        findings {\n          ruleId\n          severity\n          message\n          path\n        }\n      }\n      auditTrail(first: 20) {\n        edges {\n          node {\n            index\n            type\n            actor\n            occurredAt\n          }\n        }\n      }\n    }\n    versions(first: 50) {\n      edges {\n        node {\n          version\n          status\n          isLatest\n          publishedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}': typeof types.ServerDetailDocument;
  'query ServerVersion($name: String!, $version: String!) {\n  serverVersion(name: $name, version: $version) {\n    version\n    status\n    statusMessage\n    isLatest\n    manifest\n    tools {\n      name\n      inputSchema\n    }\n  }\n}': typeof types.ServerVersionDocument;
  'mutation SetVersionStatus($input: SetVersionStatusInput!) {\n  setVersionStatus(input: $input) {\n    version {\n      version\n      status\n      statusMessage\n      isLatest\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}': typeof types.SetVersionStatusDocument;
  'mutation SubmitReview($input: SubmitReviewInput!) {\n  submitReview(input: $input) {\n    review {\n      id\n      verdict\n      reviewer\n      createdAt\n    }\n    trust {\n      tier\n      score\n      reasons\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}': typeof types.SubmitReviewDocument;
  'query Vet($name: String!, $version: String, $policy: VetPolicyInput!) {\n  vet(name: $name, version: $version, policy: $policy) {\n    decision\n    reasons {\n      code\n      message\n    }\n  }\n}': typeof types.VetDocument;
};
const documents: Documents = {
  'subscription Activity($filter: ActivityFilter) {\n  activity(filter: $filter) {\n    id\n    type\n    subject\n    actor\n    occurredAt\n  }\n}':
    types.ActivityDocument,
  'subscription AnalyticsSnapshots($intervalSeconds: Int) {\n  analytics(intervalSeconds: $intervalSeconds) {\n    at\n    publishesLastMinute\n    installsLastMinute\n    searchesLastMinute\n    authFailuresLastMinute\n    topQueries {\n      value\n      count\n    }\n    tiers {\n      value\n      count\n    }\n  }\n}':
    types.AnalyticsSnapshotsDocument,
  'query AuditCheckpoint {\n  auditCheckpoint {\n    treeSize\n    rootHash\n    issuedAt\n    keyId\n    signature\n    note\n  }\n}':
    types.AuditCheckpointDocument,
  'query AuditConsistencyProof($fromSize: Int!, $toSize: Int!) {\n  auditConsistencyProof(fromSize: $fromSize, toSize: $toSize) {\n    fromSize\n    toSize\n    fromRoot\n    toRoot\n    hashes\n  }\n}':
    types.AuditConsistencyProofDocument,
  'query AuditInclusionProof($index: Int!, $treeSize: Int!) {\n  auditInclusionProof(index: $index, treeSize: $treeSize) {\n    index\n    treeSize\n    leafHash\n    rootHash\n    hashes\n  }\n}':
    types.AuditInclusionProofDocument,
  'query AuditLog($filter: AuditFilter, $first: Int, $after: String) {\n  auditLog(filter: $filter, first: $first, after: $after) {\n    edges {\n      node {\n        index\n        type\n        subject\n        actor\n        occurredAt\n        leafHash\n        data\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}':
    types.AuditLogDocument,
  'mutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    apiKey {\n      id\n      prefix\n      name\n      scopes\n      namespaces\n      expiresAt\n    }\n    secret\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}':
    types.CreateApiKeyDocument,
  'mutation CreateNamespace($input: CreateNamespaceInput!) {\n  createNamespace(input: $input) {\n    namespace {\n      id\n      name\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}':
    types.CreateNamespaceDocument,
  'query ListServers($first: Int, $after: String, $filter: ServerFilter) {\n  servers(first: $first, after: $after, filter: $filter) {\n    totalCount\n    edges {\n      cursor\n      node {\n        name\n        description\n        status\n        latestVersion {\n          version\n        }\n        trust {\n          tier\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}':
    types.ListServersDocument,
  'mutation PublishAdvisory($input: PublishAdvisoryInput!) {\n  publishAdvisory(input: $input) {\n    advisory {\n      id\n      severity\n      affectedVersions\n      summary\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}':
    types.PublishAdvisoryDocument,
  'mutation PublishServer($input: PublishServerInput!) {\n  publishServer(input: $input) {\n    version {\n      id\n      version\n      isLatest\n      status\n      publishedAt\n      manifestDigest\n      server {\n        id\n        name\n        namespace {\n          name\n        }\n      }\n      tools {\n        name\n        description\n      }\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}':
    types.PublishServerDocument,
  'query RecommendTools($context: RecommendationContextInput!) {\n  recommendTools(context: $context) {\n    degraded\n    recommendations {\n      score\n      reasons\n      tool {\n        name\n        description\n      }\n      server {\n        name\n        trust {\n          tier\n        }\n      }\n    }\n  }\n}':
    types.RecommendToolsDocument,
  'mutation RecordInstall($input: RecordInstallInput!) {\n  recordInstall(input: $input) {\n    installCount\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}':
    types.RecordInstallDocument,
  'mutation RevokeApiKey($id: ID!) {\n  revokeApiKey(id: $id) {\n    apiKey {\n      id\n      revokedAt\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}':
    types.RevokeApiKeyDocument,
  'query Search($query: String!, $filter: SearchFilter, $mode: SearchMode, $first: Int) {\n  search(query: $query, filter: $filter, mode: $mode, first: $first) {\n    degraded\n    totalCount\n    hits {\n      score\n      keywordScore\n      vectorScore\n      server {\n        name\n        description\n        trust {\n          tier\n        }\n      }\n      matchedTools {\n        name\n      }\n    }\n    facets {\n      categories {\n        value\n        count\n      }\n      tiers {\n        value\n        count\n      }\n    }\n  }\n}':
    types.SearchDocument,
  'query ServerDetail($name: String!) {\n  server(name: $name) {\n    id\n    name\n    title\n    description\n    status\n    installCount\n    namespace {\n      name\n    }\n    trust {\n      tier\n      score\n      reasons\n    }\n    latestVersion {\n      id\n      version\n      status\n      isLatest\n      publishedAt\n      manifestDigest\n      manifest\n      packages {\n        registryType\n        identifier\n        version\n        runtimeHint\n        transport {\n          type\n          url\n        }\n      }\n      remotes {\n        type\n        url\n      }\n      tools {\n        name\n        title\n        description\n        inputSchema\n        annotations {\n          readOnlyHint\n          destructiveHint\n          idempotentHint\n          openWorldHint\n        }\n      }\n      scan {\n        status\n        score\n        findings {\n          ruleId\n          severity\n          message\n          path\n        }\n      }\n      auditTrail(first: 20) {\n        edges {\n          node {\n            index\n            type\n            actor\n            occurredAt\n          }\n        }\n      }\n    }\n    versions(first: 50) {\n      edges {\n        node {\n          version\n          status\n          isLatest\n          publishedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}':
    types.ServerDetailDocument,
  'query ServerVersion($name: String!, $version: String!) {\n  serverVersion(name: $name, version: $version) {\n    version\n    status\n    statusMessage\n    isLatest\n    manifest\n    tools {\n      name\n      inputSchema\n    }\n  }\n}':
    types.ServerVersionDocument,
  'mutation SetVersionStatus($input: SetVersionStatusInput!) {\n  setVersionStatus(input: $input) {\n    version {\n      version\n      status\n      statusMessage\n      isLatest\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}':
    types.SetVersionStatusDocument,
  'mutation SubmitReview($input: SubmitReviewInput!) {\n  submitReview(input: $input) {\n    review {\n      id\n      verdict\n      reviewer\n      createdAt\n    }\n    trust {\n      tier\n      score\n      reasons\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}':
    types.SubmitReviewDocument,
  'query Vet($name: String!, $version: String, $policy: VetPolicyInput!) {\n  vet(name: $name, version: $version, policy: $policy) {\n    decision\n    reasons {\n      code\n      message\n    }\n  }\n}':
    types.VetDocument,
};

/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = gql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function gql(source: string): unknown;

/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'subscription Activity($filter: ActivityFilter) {\n  activity(filter: $filter) {\n    id\n    type\n    subject\n    actor\n    occurredAt\n  }\n}',
): (typeof documents)['subscription Activity($filter: ActivityFilter) {\n  activity(filter: $filter) {\n    id\n    type\n    subject\n    actor\n    occurredAt\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'subscription AnalyticsSnapshots($intervalSeconds: Int) {\n  analytics(intervalSeconds: $intervalSeconds) {\n    at\n    publishesLastMinute\n    installsLastMinute\n    searchesLastMinute\n    authFailuresLastMinute\n    topQueries {\n      value\n      count\n    }\n    tiers {\n      value\n      count\n    }\n  }\n}',
): (typeof documents)['subscription AnalyticsSnapshots($intervalSeconds: Int) {\n  analytics(intervalSeconds: $intervalSeconds) {\n    at\n    publishesLastMinute\n    installsLastMinute\n    searchesLastMinute\n    authFailuresLastMinute\n    topQueries {\n      value\n      count\n    }\n    tiers {\n      value\n      count\n    }\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'query AuditCheckpoint {\n  auditCheckpoint {\n    treeSize\n    rootHash\n    issuedAt\n    keyId\n    signature\n    note\n  }\n}',
): (typeof documents)['query AuditCheckpoint {\n  auditCheckpoint {\n    treeSize\n    rootHash\n    issuedAt\n    keyId\n    signature\n    note\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'query AuditConsistencyProof($fromSize: Int!, $toSize: Int!) {\n  auditConsistencyProof(fromSize: $fromSize, toSize: $toSize) {\n    fromSize\n    toSize\n    fromRoot\n    toRoot\n    hashes\n  }\n}',
): (typeof documents)['query AuditConsistencyProof($fromSize: Int!, $toSize: Int!) {\n  auditConsistencyProof(fromSize: $fromSize, toSize: $toSize) {\n    fromSize\n    toSize\n    fromRoot\n    toRoot\n    hashes\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'query AuditInclusionProof($index: Int!, $treeSize: Int!) {\n  auditInclusionProof(index: $index, treeSize: $treeSize) {\n    index\n    treeSize\n    leafHash\n    rootHash\n    hashes\n  }\n}',
): (typeof documents)['query AuditInclusionProof($index: Int!, $treeSize: Int!) {\n  auditInclusionProof(index: $index, treeSize: $treeSize) {\n    index\n    treeSize\n    leafHash\n    rootHash\n    hashes\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'query AuditLog($filter: AuditFilter, $first: Int, $after: String) {\n  auditLog(filter: $filter, first: $first, after: $after) {\n    edges {\n      node {\n        index\n        type\n        subject\n        actor\n        occurredAt\n        leafHash\n        data\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}',
): (typeof documents)['query AuditLog($filter: AuditFilter, $first: Int, $after: String) {\n  auditLog(filter: $filter, first: $first, after: $after) {\n    edges {\n      node {\n        index\n        type\n        subject\n        actor\n        occurredAt\n        leafHash\n        data\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'mutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    apiKey {\n      id\n      prefix\n      name\n      scopes\n      namespaces\n      expiresAt\n    }\n    secret\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}',
): (typeof documents)['mutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    apiKey {\n      id\n      prefix\n      name\n      scopes\n      namespaces\n      expiresAt\n    }\n    secret\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'mutation CreateNamespace($input: CreateNamespaceInput!) {\n  createNamespace(input: $input) {\n    namespace {\n      id\n      name\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}',
): (typeof documents)['mutation CreateNamespace($input: CreateNamespaceInput!) {\n  createNamespace(input: $input) {\n    namespace {\n      id\n      name\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'query ListServers($first: Int, $after: String, $filter: ServerFilter) {\n  servers(first: $first, after: $after, filter: $filter) {\n    totalCount\n    edges {\n      cursor\n      node {\n        name\n        description\n        status\n        latestVersion {\n          version\n        }\n        trust {\n          tier\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}',
): (typeof documents)['query ListServers($first: Int, $after: String, $filter: ServerFilter) {\n  servers(first: $first, after: $after, filter: $filter) {\n    totalCount\n    edges {\n      cursor\n      node {\n        name\n        description\n        status\n        latestVersion {\n          version\n        }\n        trust {\n          tier\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'mutation PublishAdvisory($input: PublishAdvisoryInput!) {\n  publishAdvisory(input: $input) {\n    advisory {\n      id\n      severity\n      affectedVersions\n      summary\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}',
): (typeof documents)['mutation PublishAdvisory($input: PublishAdvisoryInput!) {\n  publishAdvisory(input: $input) {\n    advisory {\n      id\n      severity\n      affectedVersions\n      summary\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'mutation PublishServer($input: PublishServerInput!) {\n  publishServer(input: $input) {\n    version {\n      id\n      version\n      isLatest\n      status\n      publishedAt\n      manifestDigest\n      server {\n        id\n        name\n        namespace {\n          name\n        }\n      }\n      tools {\n        name\n        description\n      }\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}',
): (typeof documents)['mutation PublishServer($input: PublishServerInput!) {\n  publishServer(input: $input) {\n    version {\n      id\n      version\n      isLatest\n      status\n      publishedAt\n      manifestDigest\n      server {\n        id\n        name\n        namespace {\n          name\n        }\n      }\n      tools {\n        name\n        description\n      }\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'query RecommendTools($context: RecommendationContextInput!) {\n  recommendTools(context: $context) {\n    degraded\n    recommendations {\n      score\n      reasons\n      tool {\n        name\n        description\n      }\n      server {\n        name\n        trust {\n          tier\n        }\n      }\n    }\n  }\n}',
): (typeof documents)['query RecommendTools($context: RecommendationContextInput!) {\n  recommendTools(context: $context) {\n    degraded\n    recommendations {\n      score\n      reasons\n      tool {\n        name\n        description\n      }\n      server {\n        name\n        trust {\n          tier\n        }\n      }\n    }\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'mutation RecordInstall($input: RecordInstallInput!) {\n  recordInstall(input: $input) {\n    installCount\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}',
): (typeof documents)['mutation RecordInstall($input: RecordInstallInput!) {\n  recordInstall(input: $input) {\n    installCount\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'mutation RevokeApiKey($id: ID!) {\n  revokeApiKey(id: $id) {\n    apiKey {\n      id\n      revokedAt\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}',
): (typeof documents)['mutation RevokeApiKey($id: ID!) {\n  revokeApiKey(id: $id) {\n    apiKey {\n      id\n      revokedAt\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'query Search($query: String!, $filter: SearchFilter, $mode: SearchMode, $first: Int) {\n  search(query: $query, filter: $filter, mode: $mode, first: $first) {\n    degraded\n    totalCount\n    hits {\n      score\n      keywordScore\n      vectorScore\n      server {\n        name\n        description\n        trust {\n          tier\n        }\n      }\n      matchedTools {\n        name\n      }\n    }\n    facets {\n      categories {\n        value\n        count\n      }\n      tiers {\n        value\n        count\n      }\n    }\n  }\n}',
): (typeof documents)['query Search($query: String!, $filter: SearchFilter, $mode: SearchMode, $first: Int) {\n  search(query: $query, filter: $filter, mode: $mode, first: $first) {\n    degraded\n    totalCount\n    hits {\n      score\n      keywordScore\n      vectorScore\n      server {\n        name\n        description\n        trust {\n          tier\n        }\n      }\n      matchedTools {\n        name\n      }\n    }\n    facets {\n      categories {\n        value\n        count\n      }\n      tiers {\n        value\n        count\n      }\n    }\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'query ServerDetail($name: String!) {\n  server(name: $name) {\n    id\n    name\n    title\n    description\n    status\n    installCount\n    namespace {\n      name\n    }\n    trust {\n      tier\n      score\n      reasons\n    }\n    latestVersion {\n      id\n      version\n      status\n      isLatest\n      publishedAt\n      manifestDigest\n      manifest\n      packages {\n        registryType\n        identifier\n        version\n        runtimeHint\n        transport {\n          type\n          url\n        }\n      }\n      remotes {\n        type\n        url\n      }\n      tools {\n        name\n        title\n        description\n        inputSchema\n        annotations {\n          readOnlyHint\n          destructiveHint\n          idempotentHint\n          openWorldHint\n        }\n      }\n      scan {\n        status\n        score\n        findings {\n          ruleId\n          severity\n          message\n          path\n        }\n      }\n      auditTrail(first: 20) {\n        edges {\n          node {\n            index\n            type\n            actor\n            occurredAt\n          }\n        }\n      }\n    }\n    versions(first: 50) {\n      edges {\n        node {\n          version\n          status\n          isLatest\n          publishedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}',
): (typeof documents)['query ServerDetail($name: String!) {\n  server(name: $name) {\n    id\n    name\n    title\n    description\n    status\n    installCount\n    namespace {\n      name\n    }\n    trust {\n      tier\n      score\n      reasons\n    }\n    latestVersion {\n      id\n      version\n      status\n      isLatest\n      publishedAt\n      manifestDigest\n      manifest\n      packages {\n        registryType\n        identifier\n        version\n        runtimeHint\n        transport {\n          type\n          url\n        }\n      }\n      remotes {\n        type\n        url\n      }\n      tools {\n        name\n        title\n        description\n        inputSchema\n        annotations {\n          readOnlyHint\n          destructiveHint\n          idempotentHint\n          openWorldHint\n        }\n      }\n      scan {\n        status\n        score\n        findings {\n          ruleId\n          severity\n          message\n          path\n        }\n      }\n      auditTrail(first: 20) {\n        edges {\n          node {\n            index\n            type\n            actor\n            occurredAt\n          }\n        }\n      }\n    }\n    versions(first: 50) {\n      edges {\n        node {\n          version\n          status\n          isLatest\n          publishedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'query ServerVersion($name: String!, $version: String!) {\n  serverVersion(name: $name, version: $version) {\n    version\n    status\n    statusMessage\n    isLatest\n    manifest\n    tools {\n      name\n      inputSchema\n    }\n  }\n}',
): (typeof documents)['query ServerVersion($name: String!, $version: String!) {\n  serverVersion(name: $name, version: $version) {\n    version\n    status\n    statusMessage\n    isLatest\n    manifest\n    tools {\n      name\n      inputSchema\n    }\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'mutation SetVersionStatus($input: SetVersionStatusInput!) {\n  setVersionStatus(input: $input) {\n    version {\n      version\n      status\n      statusMessage\n      isLatest\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}',
): (typeof documents)['mutation SetVersionStatus($input: SetVersionStatusInput!) {\n  setVersionStatus(input: $input) {\n    version {\n      version\n      status\n      statusMessage\n      isLatest\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'mutation SubmitReview($input: SubmitReviewInput!) {\n  submitReview(input: $input) {\n    review {\n      id\n      verdict\n      reviewer\n      createdAt\n    }\n    trust {\n      tier\n      score\n      reasons\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}',
): (typeof documents)['mutation SubmitReview($input: SubmitReviewInput!) {\n  submitReview(input: $input) {\n    review {\n      id\n      verdict\n      reviewer\n      createdAt\n    }\n    trust {\n      tier\n      score\n      reasons\n    }\n    userErrors {\n      code\n      message\n      path\n    }\n  }\n}'];
/**
 * The gql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function gql(
  source: 'query Vet($name: String!, $version: String, $policy: VetPolicyInput!) {\n  vet(name: $name, version: $version, policy: $policy) {\n    decision\n    reasons {\n      code\n      message\n    }\n  }\n}',
): (typeof documents)['query Vet($name: String!, $version: String, $policy: VetPolicyInput!) {\n  vet(name: $name, version: $version, policy: $policy) {\n    decision\n    reasons {\n      code\n      message\n    }\n  }\n}'];

export function gql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> =
  TDocumentNode extends DocumentNode<infer TType, any> ? TType : never;
