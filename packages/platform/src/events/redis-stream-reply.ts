/**
 * Decoding of Redis Streams replies (RESP2 shapes; the bus pins `protocol: 2` so they do not depend on the
 * client's RESP3 mapping). A reply that does not have the expected shape is an error, not an empty batch.
 */

/** One stream entry; `payload` is the `e` field, or null when the entry was trimmed or deleted meanwhile. */
export interface StreamEntry {
  id: string;
  payload: string | null;
}

export interface AutoClaimReply {
  /** Where the next XAUTOCLAIM call continues; `0-0` when the pending list has been scanned to the end. */
  cursor: string;
  entries: StreamEntry[];
  /** Pending ids whose entries no longer exist (Redis ≥ 7 removes them from the pending list itself). */
  deleted: string[];
}

/** XREADGROUP ... STREAMS key id: `null` on timeout, else `[[key, entries]]`. */
export function parseReadGroupReply(reply: unknown): StreamEntry[] {
  if (reply === null) return [];
  if (!Array.isArray(reply)) throw unexpected('XREADGROUP', reply);
  const entries: StreamEntry[] = [];
  for (const stream of reply) {
    if (!Array.isArray(stream) || stream.length !== 2) throw unexpected('XREADGROUP', reply);
    entries.push(...parseEntries('XREADGROUP', stream[1]));
  }
  return entries;
}

/** XAUTOCLAIM: `[cursor, entries]` (Redis 6.2) or `[cursor, entries, deletedIds]` (Redis ≥ 7). */
export function parseAutoClaimReply(reply: unknown): AutoClaimReply {
  if (!Array.isArray(reply) || reply.length < 2 || typeof reply[0] !== 'string')
    throw unexpected('XAUTOCLAIM', reply);
  const deleted = reply[2];
  if (deleted !== undefined && !isStringArray(deleted)) throw unexpected('XAUTOCLAIM', reply);
  return { cursor: reply[0], entries: parseEntries('XAUTOCLAIM', reply[1]), deleted: deleted ?? [] };
}

function parseEntries(command: string, raw: unknown): StreamEntry[] {
  if (!Array.isArray(raw)) throw unexpected(command, raw);
  return raw.map((entry: unknown) => {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') throw unexpected(command, entry);
    const fields: unknown = entry[1];
    if (fields === null || fields === undefined) return { id: entry[0], payload: null };
    if (!isStringArray(fields)) throw unexpected(command, entry);
    let payload: string | null = null;
    for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === 'e') payload = fields[i + 1]!;
    return { id: entry[0], payload };
  });
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function unexpected(command: string, reply: unknown): Error {
  return new Error(`unexpected ${command} reply: ${JSON.stringify(reply)?.slice(0, 200)}`);
}
