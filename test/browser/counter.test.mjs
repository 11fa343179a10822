// The counter in a real browser: SSR text before scripts, hydration that keeps the server's DOM
// nodes, and clicks that go through the server over the WebSocket.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

test('a page whose model in #rally-data is not base64 stays as the server rendered it and says why', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.route(server.url + '/', async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(/(id="rally-data"[^>]*>)[^<]*(<\/script>)/, '$1!not base64!$2');
      assert.match(html, /!not base64!/);
      await route.fulfill({ response, body: html });
    });
    const said = page.waitForEvent('console', (m) => m.type() === 'error');
    await page.goto(server.url + '/');
    assert.equal((await said).text(), 'rally: the model of page "home_" in #rally-data is not valid base64; ' +
      'the page stays as the server rendered it, without interactivity');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.rallyHydrated), undefined);
    assert.equal(await page.locator('#rally-root button').textContent(), 'Count: 0');
    assert.deepEqual(errors, [(await said).text()]);
  } finally {
    await browser.close();
  }
});

// The dev inspector of a development build: every message through update and every server call in
// the console, and a recording of the tab that the example's own replay test
// (examples/counter/test/replay_test.cpp) folds through update: this tab's recording must be the
// file that test reads, byte for byte.
test('the dev inspector logs messages and calls, and records the tab', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    const logs = [];
    page.on('console', (m) => { if (m.type() === 'log' && m.text().startsWith('[rally] ')) logs.push(m.text().slice(8)); });
    await page.goto(server.url + '/');
    await page.waitForFunction(() => document.documentElement.dataset.rallyHydrated === 'true');
    assert.equal(await page.evaluate(() => rallyDev.record()), true);
    const button = page.locator('#rally-root button');
    for (const count of [1, 2, 3]) {
      await button.click();
      await page.waitForFunction((n) => document.querySelector('#rally-root button').textContent === 'Count: ' + n, count);
    }
    const recording = await page.evaluate(() => rallyDev.stop());
    const expected = readFileSync(new URL('../../examples/counter/test/recordings/three_clicks.txt', import.meta.url), 'utf8');
    assert.equal(recording, expected);

    assert.equal(logs[0], 'recording page home_');
    const call = /^call ServerIncrement\{amount: 1\} → Ok\(1\) in \d+\.\d ms$/;
    for (let i = 0; i < 3; ++i) {
      assert.deepEqual(logs.slice(1 + 3 * i, 4 + 3 * i).map((l) => l.replace(/in \d+\.\d ms$/, 'in 0.0 ms')),
        ['update home_ ← Increment{}', 'call ServerIncrement{amount: 1} → Ok(1) in 0.0 ms',
         'update home_ ← GotIncrement{result: Ok(1)}']);
      assert.match(logs[2 + 3 * i], call);
    }
    assert.equal(logs.length, 10);

    // rallyDev.log(false) silences the console for this tab, and stop() without record() says so.
    await page.evaluate(() => rallyDev.log(false));
    await button.click();
    await page.waitForFunction(() => document.querySelector('#rally-root button').textContent === 'Count: 4');
    assert.equal(logs.length, 10);
    assert.equal(await page.evaluate(() => rallyDev.stop()), null);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
