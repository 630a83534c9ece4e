import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImageAsDataUrl } from '../../src/cli/image-files.js';
import { sampleImagePaths } from '../../src/cli/samples.js';
import { createDomeClient } from '../../src/client/client.js';
import { toRecordedEvent } from '../../src/inspection/recorded-event.js';
import { runMarkup } from '../../src/runtime/run-markup.js';
import { createSimulator, IN_PROCESS_ORIGIN } from '../../src/simulator/index.js';
import { ViewFeed } from '../../src/visualise/view/view-feed.js';
import { startViewServer, type ViewServer } from '../../src/visualise/view/view-server.js';

/** Debian's Chromium; the test never downloads a browser. */
const CHROMIUM_PATH = '/usr/bin/chromium';
const SPEED = 100;
const API_KEY = 'dome_live_browsertestkey';

const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) {
  console.log(
    `Skipping the browser test: no Chromium at ${CHROMIUM_PATH}. ` +
      'Install it with: apt-get install chromium chromium-driver',
  );
}

describe.skipIf(!hasChromium)('run view in Chromium', () => {
  let browser: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    // A fresh profile per run; Playwright passes it to Chromium as --user-data-dir.
    userDataDir = mkdtempSync(join(tmpdir(), 'dome-flows-chromium-'));
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      viewport: { width: 1600, height: 1000 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });

  it('follows a markup run to the end', { timeout: 60_000 }, async () => {
    const simulator = createSimulator({ speed: SPEED });
    const client = createDomeClient({
      apiKey: API_KEY,
      baseUrl: simulator.inProcessBaseUrl,
      fetch: simulator.fetch,
    });
    const feed = new ViewFeed();
    const server: ViewServer = await startViewServer({
      feed,
      title: 'markup job, browser test',
      proxiedFiles: { origin: IN_PROCESS_ORIGIN, fetch: simulator.fetch },
    });
    const page: Page = await browser.newPage();
    const requestedUrls: string[] = [];
    page.on('request', (request) => requestedUrls.push(request.url()));

    try {
      await page.goto(server.url);
      const images = sampleImagePaths();
      const annotation = {
        annotatedImage: await readImageAsDataUrl(images.annotated, 'annotated'),
        cleanImage: await readImageAsDataUrl(images.clean, 'clean'),
      };
      let previewsLoaded = 0;

      const output = await runMarkup(
        client,
        { address: '42 Wallaby Way, Sydney NSW 2000' },
        {
          pollSchedule: { fastIntervalMs: 50, fastPhaseMs: 60_000, slowIntervalMs: 150 },
          inspect: (inspection) => feed.push(toRecordedEvent(inspection)),
          chooseOrientation: async (variants) => {
            // Choose only once the page shows every offered preview, loaded through the server.
            await page.waitForSelector('body[data-state="awaitingInput.choosing"]');
            await page.waitForFunction(
              (count) =>
                [...document.querySelectorAll<HTMLImageElement>('#previews img')].filter(
                  (image) => image.complete && image.naturalWidth > 0,
                ).length === count,
              variants.length,
            );
            previewsLoaded = variants.length;
            return variants[0]?.key ?? '';
          },
          provideAnnotation: () => annotation,
        },
      );
      feed.end('completed');

      await page.waitForSelector('body[data-phase="ended"][data-status="done"]');
      mkdirSync('test-output', { recursive: true });
      await page.screenshot({ path: 'test-output/view-markup.png', fullPage: true });

      expect(output.status).toBe('completed');
      expect(previewsLoaded).toBeGreaterThan(0);
      expect(await page.textContent('#state')).toBe('done');
      expect(await page.getAttribute('#diagram', 'data-active')).toBe('done');
      expect(await page.locator('#diagram g.active').count()).toBe(1);
      expect(await page.locator('#log tbody tr').count()).toBeGreaterThan(5);
      expect(await page.textContent('#context')).not.toContain(API_KEY);
      const offMachine = requestedUrls.filter((url) => !url.startsWith(server.url));
      expect(offMachine).toEqual([]);
    } finally {
      await page.close();
      await server.close();
    }
  });

  it('hides a preview that fails', { timeout: 30_000 }, async () => {
    const simulator = createSimulator({ speed: SPEED });
    const feed = new ViewFeed();
    const server = await startViewServer({
      feed,
      proxiedFiles: { origin: IN_PROCESS_ORIGIN, fetch: simulator.fetch },
    });
    const page: Page = await browser.newPage();
    const variant = (key: string) => ({
      key,
      preview_url: `${IN_PROCESS_ORIGIN}/files/no-such-job/${key}-preview.jpg`,
    });
    feed.push({
      type: '@xstate.actor',
      actorId: 'x:0',
      parentId: undefined,
      machineId: 'markup',
      sourceId: undefined,
      event: { type: 'xstate.init' },
      snapshot: undefined,
      action: undefined,
      atMs: 1_000,
    });
    feed.push({
      type: '@xstate.snapshot',
      actorId: 'x:0',
      parentId: undefined,
      machineId: 'markup',
      sourceId: undefined,
      event: { type: 'poll.done' },
      snapshot: {
        value: { awaitingInput: 'choosing' },
        status: 'active',
        context: { orientationVariants: [variant('top'), variant('north')] },
      },
      action: undefined,
      atMs: 1_000,
    });

    try {
      await page.goto(server.url);
      await page.waitForSelector('#previews figure');
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>('#previews img')].every(
          (image) => image.hidden,
        ),
      );

      expect(await page.locator('#previews img:visible').count()).toBe(0);
      expect(await page.locator('#previews figcaption').allTextContents()).toEqual([
        'top',
        'north',
      ]);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
