import { OutboxEvent, ProcessedEvent } from '@mcpr/platform';
import { AdvisoryEntity } from './advisory.entity';
import { AttestationEntity } from './attestation.entity';
import { NamespaceOwnerEntity } from './namespace-owner.entity';
import { PublisherKeyEntity } from './publisher-key.entity';
import { ReviewEntity } from './review.entity';
import { ScannedVersionEntity } from './scanned-version.entity';
import { TierChangeEntity } from './tier-change.entity';
import { TrustServerEntity } from './trust-server.entity';

export {
  AdvisoryEntity,
  AttestationEntity,
  NamespaceOwnerEntity,
  PublisherKeyEntity,
  ReviewEntity,
  ScannedVersionEntity,
  TierChangeEntity,
  TrustServerEntity,
};

/**
 * Every entity of the trust database, including the transactional outbox and the consumer's record of
 * applied events. Dates are `type: 'Date'` (not 'datetime'): with 'datetime' the SQLite driver reports
 * every loaded row as changed and each flush writes spurious UPDATEs.
 */
export const trustEntities = [
  TrustServerEntity,
  ScannedVersionEntity,
  ReviewEntity,
  AdvisoryEntity,
  AttestationEntity,
  PublisherKeyEntity,
  TierChangeEntity,
  NamespaceOwnerEntity,
  OutboxEvent,
  ProcessedEvent,
];
