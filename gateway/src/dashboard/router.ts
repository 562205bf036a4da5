import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Router, type Request, type Response } from 'express';

/**
 * The static files: `gateway/src/dashboard/static`, found from both `src/dashboard` (tests) and
 * `dist/dashboard` (the build), which sit at the same depth; no build step copies or bundles them.
 */
export const DASHBOARD_DIR = resolve(__dirname, '..', '..', 'src', 'dashboard', 'static');

const FILES: Record<string, { file: string; type: string }> = {
  '/dashboard': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/dashboard/dashboard.js': { file: 'dashboard.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/dashboard.css': { file: 'dashboard.css', type: 'text/css; charset=utf-8' },
};

/** A Host header safe to echo into the CSP (`host`, `host:port`, `[v6]:port`). */
function connectSources(req: Request): string {
  const host = req.headers.host ?? '';
  if (!/^[A-Za-z0-9.\-:[\]]{1,300}$/.test(host)) return "'self'";
  return `'self' ws://${host} wss://${host}`;
}

/**
 * GET /dashboard: the live dashboard (plain HTML, CSS and a small script; no CDN). The page talks to the
 * gateway's graphql-ws endpoint on the same origin; its Content-Security-Policy allows nothing else.
 */
export function dashboardRouter(options: { dir?: string } = {}): Router {
  const dir = options.dir ?? DASHBOARD_DIR;
  const contents = new Map<string, Buffer>();
  for (const { file } of Object.values(FILES)) {
    if (!contents.has(file)) contents.set(file, readFileSync(join(dir, file)));
  }
  const router = Router();
  for (const [path, { file, type }] of Object.entries(FILES)) {
    router.get(path, (req: Request, res: Response) => {
      res.set({
        'content-type': type,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
        'content-security-policy': [
          "default-src 'none'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' data:",
          `connect-src ${connectSources(req)}`,
          "base-uri 'none'",
          "form-action 'none'",
          "frame-ancestors 'none'",
        ].join('; '),
      });
      res.send(contents.get(file));
    });
  }
  return router;
}
