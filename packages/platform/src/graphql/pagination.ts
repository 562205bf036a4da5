/** Connections accept `first` up to this many (larger values are clamped). */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export function clampFirst(first: number | null | undefined, fallback = DEFAULT_PAGE_SIZE): number {
  if (first === null || first === undefined) return fallback;
  return Math.max(0, Math.min(MAX_PAGE_SIZE, Math.trunc(first)));
}

/** Opaque cursors: base64url of a tagged JSON value, so clients cannot depend on their content. */
export function encodeCursor(kind: string, value: unknown): string {
  return Buffer.from(JSON.stringify([kind, value])).toString('base64url');
}

/** Returns undefined for a cursor that is not ours (the caller reports BAD_USER_INPUT). */
export function decodeCursor<T>(kind: string, cursor: string): T | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed[0] === kind) return parsed[1] as T;
  } catch {
    // fall through: malformed cursor
  }
  return undefined;
}
