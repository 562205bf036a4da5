import {
  ChangeSetType,
  type EventSubscriber,
  type FlushEventArgs,
  type TransactionEventArgs,
} from '@mikro-orm/core';
import type { Orm } from '../orm/create-orm';
import { OutboxEvent } from './outbox-event.entity';

/**
 * Calls `onCommit` as soon as outbox rows written through the unit of work are committed: right after a flush
 * that inserted `OutboxEvent`s outside a transaction, or after the commit of the root transaction whose flush
 * did. Rows written with native queries (`em.insert`, raw SQL) are not seen here: the relay's poll finds them.
 * Register it before the ORM runs transactions: transaction forks copy the subscribers present when they start.
 * Returns a function that stops the notifications (MikroORM cannot unregister a subscriber: it goes inert).
 */
export function onOutboxCommit(orm: Orm, onCommit: () => void): () => void {
  const subscriber = new OutboxCommitSubscriber(onCommit);
  orm.em.getEventManager().registerSubscriber(subscriber);
  return () => subscriber.deactivate();
}

class OutboxCommitSubscriber implements EventSubscriber {
  /** Root transactions that flushed outbox rows and have not committed yet. */
  private readonly pending = new WeakSet<object>();
  private active = true;

  constructor(private readonly onCommit: () => void) {}

  deactivate(): void {
    this.active = false;
  }

  afterFlush({ em, uow }: FlushEventArgs): void {
    if (!this.active) return;
    const wroteOutbox = uow
      .getChangeSets()
      .some(
        (changeSet) => changeSet.type === ChangeSetType.CREATE && changeSet.entity instanceof OutboxEvent,
      );
    if (!wroteOutbox) return;
    const transaction: unknown = em.getTransactionContext();
    if (isObject(transaction)) this.pending.add(rootTransaction(transaction));
    else this.onCommit(); // an implicit flush transaction has already committed
  }

  afterTransactionCommit({ transaction }: TransactionEventArgs): void {
    if (!this.active || !isObject(transaction) || !this.pending.has(transaction)) return;
    this.pending.delete(transaction);
    this.onCommit();
  }
}

/**
 * A nested transaction (savepoint) commits nothing by itself; only its root's commit publishes the rows.
 * MikroORM links a savepoint to its parent with a private `Symbol('parentTransaction')` property. If that
 * detail ever changes we key by the savepoint itself: the nudge is then missed and the poll delivers.
 */
function rootTransaction(transaction: object): object {
  let current = transaction;
  for (let depth = 0; depth < 100; depth += 1) {
    const link = Object.getOwnPropertySymbols(current).find(
      (symbol) => symbol.description === 'parentTransaction',
    );
    const parent: unknown = link === undefined ? undefined : (current as Record<symbol, unknown>)[link];
    if (!isObject(parent)) return current;
    current = parent;
  }
  return current;
}

function isObject(value: unknown): value is object {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}
