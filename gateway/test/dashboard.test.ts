import express from 'express';
import { listen, type Listening } from '@mcpr/platform';
import { dashboardRouter } from '../src/dashboard';

describe('GET /dashboard', () => {
  let server: Listening;
  beforeAll(async () => {
    const app = express();
    app.use(dashboardRouter());
    server = await listen(app, 0);
  });
  afterAll(() => server.close());

  it('serves the page, its script and styles from this origin with a strict CSP', async () => {
    const page = await fetch(`${server.url}/dashboard`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port} wss://127.0.0.1:${server.port}`);
    const html = await page.text();
    expect(html).toContain('<script src="/dashboard/dashboard.js"></script>');
    expect(html).not.toMatch(/https?:\/\//); // no CDN
    const script = await fetch(`${server.url}/dashboard/dashboard.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const source = await script.text();
    expect(source).toContain("'graphql-transport-ws'");
    expect(source).toContain('subscription DashboardActivity');
    expect((await fetch(`${server.url}/dashboard/dashboard.css`)).status).toBe(200);
    expect((await fetch(`${server.url}/dashboard/missing.js`)).status).toBe(404);
  });
});
