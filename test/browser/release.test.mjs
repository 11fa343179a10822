// A Release client as an app ships it (-Oz, LTO, no exceptions or RTTI, the JS glue through
// terser), built by cmake.consumer.installed against an installed Rally: it hydrates and handles
// clicks, and a Rally error in the browser reaches the console with its message.
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

test('the Release bundle hydrates and a click updates the page', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url + '/');
    await page.waitForFunction(() => document.documentElement.dataset.rallyHydrated === 'true');
    assert.equal(await page.locator('#rally-root p').textContent(), 'Hello, world!');
    await page.locator('#rename').click();
    await page.waitForFunction(() => document.querySelector('#rally-root p').textContent === 'Hello, Rally!');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('an invalid element name in a view is reported in the console, not swallowed', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(server.url + '/');
    await page.waitForFunction(() => document.documentElement.dataset.rallyHydrated === 'true');
    const reported = page.waitForEvent('console', {
      predicate: (m) => m.type() === 'error' && m.text().includes("rally::html: invalid element name 'not valid'"),
      timeout: 10000,
    });
    await page.locator('#break').click();
    await reported;
  } finally {
    await browser.close();
  }
});
