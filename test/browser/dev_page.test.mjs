// A dev server's page without a client (the shop's static /about): the script the server inlines
// shows rally dev's build status over it and reloads it when a restarted server tells it to, over a
// watch-only socket (the page has no client of its own). The server is the shop's development build
// run the way rally dev runs it, with RALLY_DEV_STATUS naming a status file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startServer, launchBrowser, watchErrors } from './harness.mjs';

const binary = process.env.RALLY_SHOP_BIN;

test('a static page shows the build status and reloads after a restart', async () => {
  assert.ok(binary, 'RALLY_SHOP_BIN must name the shop executable');
  const dir = mkdtempSync(join(tmpdir(), 'rally-dev-page-'));
  const status = join(dir, 'shop.status');
  // As rally dev writes it: a new file renamed over the old one.
  const write = (text) => { writeFileSync(status + '.next', text); renameSync(status + '.next', status); };
  write('ok');
  const env = { RALLY_DEV_STATUS: status, PORT: String(await freePort()) };
  let server = await startServer(binary, env);
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url + '/about');
    assert.equal(await page.locator('#rally-data').count(), 0, 'a static page has no client');
    assert.equal(await page.locator('#rally-dev-tools').count(), 1);
    // A status written before the page's socket connects reaches it too: the server sends a running or
    // failed build's status to every socket it accepts.
    write('building');
    await page.locator('#rally-dev[data-state="building"]').waitFor();
    assert.equal(await page.locator('#rally-dev').textContent(), 'Rebuilding…');

    write('failed\nsrc/web/pages/about.hpp:3:1: error: <b>expected</b> a declaration');
    await page.locator('#rally-dev[data-state="failed"]').waitFor();
    assert.match(await page.locator('#rally-dev pre').textContent(), /about\.hpp:3:1: error: <b>expected<\/b>/);
    assert.equal(await page.locator('#rally-dev pre b').count(), 0, 'diagnostics are text, never HTML');

    write('ok');
    await page.locator('#rally-dev').waitFor({ state: 'detached' });

    // rally dev restarts the server with new code: the tab reloads by itself.
    await page.evaluate(() => { window.__before = true; });
    assert.equal(await server.stop(), 0);
    server = await startServer(binary, env);
    await page.waitForFunction(() => window.__before === undefined && document.readyState === 'complete');
    assert.equal(await page.locator('#rally-dev-tools').count(), 1);
    assert.deepEqual(errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(e)), []);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
