/**
 * A FIFO ring buffer of fixed capacity: pushing onto a full queue drops the oldest item. Memory is the
 * capacity's worth of references, whatever the producer does.
 */
export class BoundedQueue<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`queue capacity must be ≥ 1, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Appends `item`; when full, first removes the oldest item and returns it (else undefined). */
  push(item: T): { dropped: boolean; item?: T } {
    let dropped: { dropped: boolean; item?: T } = { dropped: false };
    if (this.size === this.capacity) {
      dropped = { dropped: true, item: this.items[this.head] };
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.size -= 1;
    }
    this.items[(this.head + this.size) % this.capacity] = item;
    this.size += 1;
    return dropped;
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.size -= 1;
    return item;
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.size = 0;
  }
}
