import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '@mcpr/platform';
import { AdvisoryResolver } from '../resolvers/advisory.resolver';
import { AttestationResolver } from '../resolvers/attestation.resolver';
import {
  ServerTrustResolver,
  TrustFieldsResolver,
  VersionScanResolver,
} from '../resolvers/entity-fields.resolver';
import { HistoryResolver } from '../resolvers/history.resolver';
import { PublisherKeyResolver } from '../resolvers/publisher-key.resolver';
import { trustReferenceResolvers } from '../resolvers/references';
import { ReviewResolver } from '../resolvers/review.resolver';
import { VetResolver } from '../resolvers/vet.resolver';
import { Server, ServerVersion } from './entities.type';

/** The trust subgraph schema (also printed by schema/ for composition); needs no database. */
export function buildTrustSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [
      ServerTrustResolver,
      TrustFieldsResolver,
      VersionScanResolver,
      VetResolver,
      ReviewResolver,
      AdvisoryResolver,
      AttestationResolver,
      PublisherKeyResolver,
      HistoryResolver,
    ],
    orphanedTypes: [Server, ServerVersion],
    referenceResolvers: trustReferenceResolvers,
  });
}
