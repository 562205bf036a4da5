/**
 * The live dashboard (GET /dashboard) in headless Chromium: it connects over graphql-ws, shows the
 * analytics numbers with sparklines, and a publish appears in its activity feed. Debian's chromium driven
 * by playwright-core (STACK.md: puppeteer downloads a browser and cannot install here).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  expectData,
  minimalManifest,
  PublishServerDocument,
  ROOT,
  startTestStack,
  UNTHROTTLED_ENV,
  type TestStack,
} from '../src';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// A missing browser is an environment problem: fail in CI, skip (with the reason in the name) elsewhere.
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') {
  throw new Error(`CI=true but ${CHROMIUM} is missing: apt-get install chromium`);
}
const suite = haveChromium ? describe : describe.skip;

suite(
  haveChromium
    ? 'live dashboard in headless Chromium'
    : 'live dashboard (skipped: /usr/bin/chromium missing)',
  () => {
    let stack: TestStack;
    let userDataDir: string;
    let context: BrowserContext;
    let page: Page;
    const consoleErrors: string[] = [];

    beforeAll(async () => {
      stack = await startTestStack({ env: UNTHROTTLED_ENV });
      userDataDir = mkdtempSync(join(tmpdir(), 'mcpr-chromium-')); // a new, empty profile
      // Playwright takes the profile as an argument (it refuses --user-data-dir among the flags).
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
        viewport: { width: 1280, height: 900 },
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(error.message));
    }, 90_000);

    afterAll(async () => {
      await context?.close();
      if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
      await stack?.close();
    });

    it('shows a publish in the live feed and the analytics with sparklines', async () => {
      const response = await page.goto(`${stack.gatewayUrl}/dashboard`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.waitForSelector('#status[data-state="live"]', { timeout: 10_000 });
      // The first analytics snapshot arrives at once.
      // Locators, not page functions: the page's CSP forbids evaluating strings.
      await page.locator('#publishes', { hasText: /^\d+$/ }).waitFor({ timeout: 10_000 });

      const name = `io.github.dashboard/weather-${Date.now()}`;
      const published = expectData(
        await stack.admin.execute(PublishServerDocument, {
          input: { manifest: minimalManifest(name, '1.0.0') },
        }),
      ).publishServer;
      expect(published.userErrors).toEqual([]);

      const item = page.locator('#activity li[data-type="version.published"]', { hasText: name });
      await item.waitFor({ timeout: 5_000 });
      expect(await item.locator('.type').textContent()).toBe('version.published');

      // Snapshots every 2 s: the publish shows up in the numbers and the sparkline has points.
      await page.locator('#publishes', { hasText: /^[1-9]\d*$/ }).waitFor({ timeout: 10_000 });
      await page.waitForSelector('#spark-publishes polyline', { timeout: 10_000 });
      expect(await page.locator('#tiers li').count()).toBe(4);

      const dir = join(ROOT, '.test-results');
      mkdirSync(dir, { recursive: true });
      const screenshot = await page.screenshot({ path: join(dir, 'dashboard.png'), fullPage: true });
      expect(screenshot.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(screenshot.length).toBeGreaterThan(10_000);
      expect(consoleErrors).toEqual([]);
    }, 60_000);
  },
);
