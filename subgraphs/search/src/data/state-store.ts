import type { Orm } from '@mcpr/platform';
import type { ServerSnapshot, SearchStateStore } from '../events/search-indexer';
import { DocumentVectorEntity } from './document-vector.entity';
import { SearchServerStateEntity } from './search-state.entity';

export const searchEntities = [SearchServerStateEntity, DocumentVectorEntity];

/**
 * Persists the indexer's per-server state in the search database (one row per server). Forks ignore the
 * async context: on the in-process bus a handler runs inside the publisher's context (another ORM).
 */
export class OrmSearchStateStore implements SearchStateStore {
  constructor(private readonly orm: Orm) {}

  async save(snapshot: ServerSnapshot): Promise<void> {
    const em = this.orm.em.fork({ disableContextResolution: true });
    await em.upsert(SearchServerStateEntity, {
      name: snapshot.name,
      state: JSON.stringify(snapshot),
      updatedAt: new Date(),
    });
  }

  async replaceAll(snapshots: ServerSnapshot[]): Promise<void> {
    const em = this.orm.em.fork({ disableContextResolution: true });
    await em.transactional(async (tx) => {
      await tx.nativeDelete(SearchServerStateEntity, {});
      const updatedAt = new Date();
      for (let i = 0; i < snapshots.length; i += 200)
        await tx.insertMany(
          SearchServerStateEntity,
          snapshots.slice(i, i + 200).map((s) => ({ name: s.name, state: JSON.stringify(s), updatedAt })),
        );
    });
  }

  async loadAll(): Promise<ServerSnapshot[]> {
    const rows = await this.orm.em
      .fork({ disableContextResolution: true })
      .find(SearchServerStateEntity, {}, { orderBy: { name: 'asc' } });
    return rows.map((row) => JSON.parse(row.state) as ServerSnapshot);
  }
}
