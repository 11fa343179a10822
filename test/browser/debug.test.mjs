// A Debug client as an app builds it against Rally's build tree (built by cmake.consumer.build_tree):
// unoptimized, with Emscripten's runtime assertions on. It hydrates and handles clicks, and it is a
// development build: the dev inspector's console API is there (docs/dev.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchErrors } from './harness.mjs';

const binary = process.env.RALLY_GREETER_BIN;
let server;

before(async () => {
  assert.ok(binary, 'RALLY_GREETER_BIN must name the consumer test\'s greeter executable');
  server = await startServer(binary);
});
after(async () => {
  if (server) assert.equal(await server.stop(), 0, 'server should exit cleanly on SIGTERM');
});

test('the Debug bundle hydrates, a click updates the page, and the dev inspector is there', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url + '/');
    await page.waitForFunction(() => document.documentElement.dataset.rallyHydrated === 'true');
    assert.equal(await page.locator('#rally-root p').textContent(), 'Hello, world!');
    await page.locator('#rename').click();
    await page.waitForFunction(() => document.querySelector('#rally-root p').textContent === 'Hello, Rally!');
    assert.equal(await page.evaluate(() => typeof window.rallyDev), 'object');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
