// The counter in a real browser: SSR text before scripts, hydration that keeps the server's DOM
// nodes, and clicks that go through the server over the WebSocket.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchErrors } from './harness.mjs';

const binary = process.env.RALLY_COUNTER_BIN;
let server;

before(async () => {
  assert.ok(binary, 'RALLY_COUNTER_BIN must name the counter executable');
  server = await startServer(binary);
});
after(async () => {
  if (server) assert.equal(await server.stop(), 0, 'server should exit cleanly on SIGTERM');
});

test('Count: 0 is in the page before any script runs', async () => {
  const browser = await launchBrowser({ javaScriptEnabled: false });
  try {
    const page = await browser.context.newPage();
    await page.goto(server.url + '/');
    assert.equal(await page.locator('#rally-root button').textContent(), 'Count: 0');
  } finally {
    await browser.close();
  }
});

test('hydration keeps the server-rendered button and clicks reach the server', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    // Remember the button the HTML parser made, before any deferred script can run.
    await page.addInitScript(() => {
      document.addEventListener('readystatechange', () => {
        if (document.readyState === 'interactive') window.__ssrButton = document.querySelector('#rally-root button');
      });
    });
    await page.goto(server.url + '/');
    await page.waitForFunction(() => document.documentElement.dataset.rallyHydrated === 'true');
    assert.ok(await page.evaluate(() => window.__ssrButton instanceof HTMLButtonElement), 'SSR button seen');
    assert.ok(await page.evaluate(() => window.__ssrButton === document.querySelector('#rally-root button')),
      'the hydrated button must be the node the server sent');

    const button = page.locator('#rally-root button');
    await button.click();
    await page.waitForFunction(() => document.querySelector('#rally-root button').textContent === 'Count: 1');
    await button.click();
    await button.click();
    await page.waitForFunction(() => document.querySelector('#rally-root button').textContent === 'Count: 3');
    assert.ok(await page.evaluate(() => window.__ssrButton.isConnected), 'button still the same node after updates');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
