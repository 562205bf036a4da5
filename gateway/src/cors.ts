import type { NextFunction, Request, Response } from 'express';

/** Browser access only for the configured origins (CORS_ORIGINS, comma-separated; `*` allows any). */
export function cors(allowed: string[]) {
  const any = allowed.includes('*');
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.header('origin');
    if (origin && (any || allowed.includes(origin))) {
      res.setHeader('access-control-allow-origin', any ? '*' : origin);
      res.setHeader('vary', 'Origin');
      res.setHeader(
        'access-control-allow-headers',
        'authorization, content-type, x-request-id, if-none-match, apollo-require-preflight',
      );
      // Browsers hide other response headers from scripts unless they are listed here.
      res.setHeader(
        'access-control-expose-headers',
        'RateLimit, RateLimit-Policy, Retry-After, ETag, X-Request-Id',
      );
      res.setHeader('access-control-allow-methods', 'GET, POST, PATCH, OPTIONS');
      res.setHeader('access-control-max-age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}
