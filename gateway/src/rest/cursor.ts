/**
 * The REST listing cursor: where the next page starts. Opaque to clients (base64url JSON).
 * `p` is the phase (0: live servers, 1: deleted servers, listed after them when asked for), `a` the
 * GraphQL cursor of the last server fully or partly listed, and `n`/`v` a server whose versions were
 * cut by the page size with the GraphQL cursor of the last version listed.
 */
export interface ListCursor {
  p: 0 | 1;
  a: string | null;
  n?: string;
  v?: string;
}

export function encodeListCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** The cursor, or undefined when the text is not one of ours. */
export function decodeListCursor(text: string): ListCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,4096}$/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { p, a, n, v } = value as Record<string, unknown>;
  if (p !== 0 && p !== 1) return undefined;
  if (a !== null && typeof a !== 'string') return undefined;
  if (n !== undefined && typeof n !== 'string') return undefined;
  if (v !== undefined && typeof v !== 'string') return undefined;
  if ((n === undefined) !== (v === undefined)) return undefined;
  return { p, a, ...(n !== undefined ? { n, v: v as string } : {}) };
}
