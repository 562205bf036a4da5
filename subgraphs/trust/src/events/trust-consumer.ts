import type { EntityManager } from '@mikro-orm/knex';
import { consumeInto, type BusSubscription, type EventBus, type Logger, type Orm } from '@mcpr/platform';
import type { TrustRules } from '../domain/context';
import {
  applyInstallRecorded,
  applyNamespaceCreated,
  applyVersionPublished,
  applyVersionStatusChanged,
} from '../domain/ingest';
import {
  ConsumedEventType,
  installRecordedData,
  namespaceCreatedData,
  TRUST_SUBSCRIPTION_TYPES,
  versionPublishedData,
  versionStatusChangedData,
} from './consumed-events';

/** The consumer group of trust on the bus (also the consumer id of its `processed_event` rows). */
export const TRUST_GROUP = 'trust';

export interface TrustConsumerOptions {
  bus: EventBus;
  orm: Orm;
  rules: TrustRules;
  logger: Logger;
  now?: () => Date;
}

/**
 * Subscribes trust to the registry's events. Each event is applied once (by event id) in one transaction
 * with everything it causes — the scan report, the tier and the events trust emits (outbox) — so a crash
 * at any point either keeps all of it or none, and redelivery is harmless. A handler that throws is
 * retried by the bus, then parked with an error log.
 */
export function subscribeTrustConsumer(options: TrustConsumerOptions): Promise<BusSubscription> {
  const now = options.now ?? (() => new Date());
  return consumeInto(
    options.bus,
    options.orm,
    { group: TRUST_GROUP, types: [...TRUST_SUBSCRIPTION_TYPES] },
    async (event, coreEm) => {
      const ctx = { em: coreEm as unknown as EntityManager, rules: options.rules, now: now() };
      const started = Date.now();
      switch (event.type) {
        case ConsumedEventType.VERSION_PUBLISHED: {
          const row = await applyVersionPublished(ctx, event, versionPublishedData.parse(event.data));
          options.logger.debug(
            { name: event.subject, version: row.version, status: row.scanStatus, ms: Date.now() - started },
            'version scanned',
          );
          return;
        }
        case ConsumedEventType.VERSION_STATUS_CHANGED:
          return applyVersionStatusChanged(ctx, event, versionStatusChangedData.parse(event.data));
        case ConsumedEventType.INSTALL_RECORDED:
          return applyInstallRecorded(ctx, event, installRecordedData.parse(event.data));
        case ConsumedEventType.NAMESPACE_CREATED:
          return applyNamespaceCreated(ctx, namespaceCreatedData.parse(event.data));
        default:
          return;
      }
    },
  );
}
