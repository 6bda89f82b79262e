/**
 * The docs site in a real browser (Debian's Chromium): every operation of the contract is listed on the Redoc
 * page. Against a local stage the page is served at /docs; against a deployed stage (no /docs there) the built
 * page is opened from openapi/dist/docs.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test, expect } from '@playwright/test';
import { operations } from '@items-api/openapi/operations';
import body from '@items-api/openapi/apigateway-body.json' with { type: 'json' };

const builtPage = fileURLToPath(new URL('../../../openapi/dist/docs/index.html', import.meta.url));

test('the docs site lists every operation of the contract', async ({ page, baseURL }, testInfo) => {
  const url = process.env.ITEMS_API_BASE_URL ? pathToFileURL(builtPage).href : `${baseURL}docs`;
  const response = await page.goto(url);
  if (!process.env.ITEMS_API_BASE_URL) expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle(/Items API/);

  for (const [operationId, operation] of Object.entries(operations)) {
    const summary = (body.paths as Record<string, Record<string, { summary?: string }>>)[operation.path]?.[
      operation.method.toLowerCase()
    ]?.summary as string;
    // The menu lists the operation by method and path, linking to its section `#/<tag>/<operationid>`...
    const link = page
      .locator(`a[href$="/${operationId.toLowerCase()}"]`, {
        hasText: `${operation.method.toLowerCase()}${operation.path}`,
      })
      .first();
    // ...once rendered: Redoc renders sections lazily, as the page scrolls down to them.
    for (let step = 0; step < 40 && (await link.count()) === 0; step++) await page.mouse.wheel(0, 800);
    await expect(link, operationId).toBeAttached();
    // ...and following the link shows the section, titled by the operation's summary.
    await link.click();
    const section = page.locator(`[data-section-id$="/${operationId.toLowerCase()}"]`);
    await expect(section.locator('h2').first(), operationId).toHaveText(summary);
  }
  await page
    .locator(`a[href$="/${Object.keys(operations)[0]!.toLowerCase()}"]`)
    .first()
    .click();

  const screenshot = testInfo.outputPath('docs.png');
  await page.screenshot({ path: screenshot, fullPage: false });
  await testInfo.attach('docs', { path: screenshot, contentType: 'image/png' });
});
