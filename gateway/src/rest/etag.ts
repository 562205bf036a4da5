import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/** A strong validator of a response body. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** Whether `If-None-Match` matches (weak comparison, as RFC 9110 prescribes for it). */
export function notModified(req: Request, etag: string): boolean {
  const header = req.header('if-none-match');
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/** Sends JSON with an ETag, or 304 without a body when the client already has it. */
export function sendWithEtag(req: Request, res: Response, payload: unknown): void {
  const body = JSON.stringify(payload);
  const etag = etagOf(body);
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'no-cache');
  if (notModified(req, etag)) {
    res.status(304).end();
    return;
  }
  res.status(200).type('application/json').send(body);
}
