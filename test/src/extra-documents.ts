import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Scope, VersionStatus } from './documents';

/*
 * Registry operations that exist in the API schema (schema/api.graphql) but are not contract operations,
 * so codegen has no typed documents for them. Hand-typed here; keep them in step with api.graphql.
 */

type UserErrors = { code: string; message: string; path: string[] | null }[];

export interface ViewerQuery {
  viewer: {
    keyId: string;
    handle: string;
    scopes: Scope[];
    namespaces: string[];
    expiresAt: string | null;
  };
}

export const ViewerDocument: TypedDocumentNode<ViewerQuery, Record<string, never>> = parse(
  'query Viewer { viewer { keyId handle scopes namespaces expiresAt } }',
);

export interface RotateApiKeyMutation {
  rotateApiKey: {
    apiKey: { id: string; scopes: Scope[]; namespaces: string[] | null; expiresAt: string | null } | null;
    secret: string | null;
    previousKey: { id: string; expiresAt: string | null; revokedAt: string | null } | null;
    userErrors: UserErrors;
  };
}

export const RotateApiKeyDocument: TypedDocumentNode<
  RotateApiKeyMutation,
  { id: string; gracePeriodHours?: number }
> = parse(`
  mutation RotateApiKey($id: ID!, $gracePeriodHours: Int) {
    rotateApiKey(id: $id, gracePeriodHours: $gracePeriodHours) {
      apiKey { id scopes namespaces expiresAt }
      secret
      previousKey { id expiresAt revokedAt }
      userErrors { code message path }
    }
  }
`);

export interface PublishWithWarningsMutation {
  publishServer: {
    version: { version: string; status: VersionStatus; isLatest: boolean } | null;
    warnings: { message: string; path: string[] }[];
    userErrors: UserErrors;
  };
}

/** PublishServer plus `warnings` (accepted manifests with, e.g., a description over 100 characters). */
export const PublishWithWarningsDocument: TypedDocumentNode<
  PublishWithWarningsMutation,
  { manifest: unknown }
> = parse(`
  mutation PublishWithWarnings($manifest: JSON!) {
    publishServer(input: { manifest: $manifest }) {
      version { version status isLatest }
      warnings { message path }
      userErrors { code message path }
    }
  }
`);
