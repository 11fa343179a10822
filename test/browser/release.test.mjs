// A Release client as an app ships it (-Oz, LTO, no exceptions or RTTI, the JS glue through
// terser), built by cmake.consumer.installed against an installed Rally: it hydrates and handles
// clicks, defines no globals, and a Rally error in the browser reaches the console with its message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

test('the Release bundle hydrates, defines no globals, and a click updates the page', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    // The window's own names before any of the page's scripts run.
    await page.addInitScript(() => { window.namesBeforeRally = new Set(Object.getOwnPropertyNames(window)); });
    await page.goto(server.url + '/');
    await page.waitForFunction(() => document.documentElement.dataset.rallyHydrated === 'true');
    const added = await page.evaluate(() =>
      Object.getOwnPropertyNames(window).filter((n) => !window.namesBeforeRally.has(n) && n !== 'namesBeforeRally'));
    assert.deepEqual(added, [], 'the client script keeps its names inside its own function');
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
    // Then the client stops (std::abort), with an Error that says so rather than a bare throw.
    const stopped = page.waitForEvent('pageerror', {
      predicate: (e) => e.message.includes('rally: the client stopped (abort)'),
      timeout: 10000,
    });
    await page.locator('#break').click();
    await reported;
    await stopped;
  } finally {
    await browser.close();
  }
});

// rally dev's reload, overlay and inspector are for development builds only: a Release server given
// the status file stamps no page, and a Release bundle has neither the overlay, nor the inspector,
// nor their text.
test('a Release build has none of rally dev\'s tools', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rally-release-dev-'));
  writeFileSync(join(dir, 'app.status'), 'failed\nhome_.hpp:1:1: error: x');
  const dev = await startServer(binary, { RALLY_DEV_STATUS: join(dir, 'app.status') });
  try {
    const html = await (await fetch(dev.url + '/')).text();
    assert.match(html, /id="rally-data"/);
    assert.doesNotMatch(html, /data-dev=/);
    assert.doesNotMatch(html, /rally-dev-tools|rallyDevShow/);
    const script = html.match(/<script src="([^"]+)" defer>/)[1];
    const js = await (await fetch(dev.url + script)).text();
    for (const word of ['rally-dev', 'Rebuilding', 'Build failed', 'rallyDev', 'rally-recording'])
      assert.ok(!js.includes(word), `the Release bundle has no "${word}"`);
  } finally {
    assert.equal(await dev.stop(), 0);
    rmSync(dir, { recursive: true, force: true });
  }
});
