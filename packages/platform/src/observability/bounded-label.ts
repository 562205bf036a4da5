/** GraphQL operation names: what a well-formed client sends. */
export const OPERATION_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Event types (`version.published`) and consumer groups (`gateway-live-host-123`). */
export const EVENT_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.:*-]{0,99}$/;

/**
 * A label whose values come from outside (operation names, event types, consumer groups) must not grow
 * without bound: the first `max` well-formed values are kept, later ones become `other`, malformed ones
 * `invalid`, and a missing one `anonymous`.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(
    private readonly max = 200,
    private readonly pattern: RegExp = OPERATION_NAME_PATTERN,
  ) {}

  value(raw: string | null | undefined): string {
    if (!raw) return 'anonymous';
    if (!this.pattern.test(raw)) return 'invalid';
    if (this.seen.has(raw)) return raw;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(raw);
    return raw;
  }
}
