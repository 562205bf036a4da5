import type { Request } from 'express';
import { decodeListCursor } from './cursor';
import { RestFailure } from './execute';
import type { ListParams } from './listing';

/** A query-parameter problem, reported like the official API (HTTP 422 with the location). */
function invalid(name: string, message: string, value: unknown): RestFailure {
  return new RestFailure(422, 'BAD_REQUEST', `Invalid query parameter ${name}: ${message}.`, {
    errors: [{ message, location: `query.${name}`, value }],
  });
}

function single(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(name, 'expected a single value', value);
  return value;
}

export function booleanParam(req: Request, name: string): boolean {
  const value = single(req, name);
  if (value === undefined || value === '') return false;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw invalid(name, 'expected boolean', value);
}

/** RFC 3339 date-time (what the official API accepts for `updated_since`). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** `GET /v0.1/servers` parameters: `limit` 1–100 (default 30), an opaque `cursor`, filters. */
export function listParams(req: Request): ListParams {
  const limitText = single(req, 'limit');
  let limit = 30;
  if (limitText !== undefined) {
    if (!/^\d{1,6}$/.test(limitText)) throw invalid('limit', 'expected an integer', limitText);
    limit = Number(limitText);
    if (limit < 1) throw invalid('limit', 'expected number >= 1', limit);
    if (limit > 100) throw invalid('limit', 'expected number <= 100', limit);
  }
  const cursorText = single(req, 'cursor');
  let cursor;
  if (cursorText) {
    cursor = decodeListCursor(cursorText);
    if (!cursor) {
      throw new RestFailure(
        400,
        'BAD_REQUEST',
        'Invalid cursor parameter: use the exact metadata.nextCursor of a previous page.',
      );
    }
  }
  const updatedSinceText = single(req, 'updated_since');
  let updatedSince: string | undefined;
  if (updatedSinceText) {
    const time = Date.parse(updatedSinceText);
    if (!RFC3339.test(updatedSinceText) || Number.isNaN(time)) {
      throw invalid('updated_since', 'expected an RFC 3339 date-time', updatedSinceText);
    }
    updatedSince = new Date(time).toISOString();
  }
  const search = single(req, 'search');
  if (search !== undefined && search.length > 200) throw invalid('search', 'expected length <= 200', search);
  const version = single(req, 'version');
  if (version !== undefined && version.length > 255)
    throw invalid('version', 'expected length <= 255', version);
  return {
    limit,
    cursor,
    search: search || undefined,
    updatedSince,
    version: version || undefined,
    // The official API always includes deleted servers when updated_since is given (mirrors need them).
    includeDeleted: booleanParam(req, 'include_deleted') || updatedSince !== undefined,
  };
}
