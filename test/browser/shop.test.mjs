// The shop in a real browser: client-side navigation, history, load() on SSR and over the socket,
// the 404 page and one bundle per namespace.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchErrors } from './harness.mjs';
import { waitHydrated, setMarker, hasMarker, currentPath, recordRequests } from './navigation_helpers.mjs';

const binary = process.env.RALLY_SHOP_BIN;
let server;
let browser;

before(async () => {
  assert.ok(binary, 'RALLY_SHOP_BIN must name the shop executable');
  server = await startServer(binary);
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) assert.equal(await server.stop(), 0, 'server should exit cleanly on SIGTERM');
});

test('an internal link navigates without a reload and back restores the page', async () => {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url + '/');
  await waitHydrated(page);
  await setMarker(page);
  const nav = await page.evaluate(() => { window.__nav = document.querySelector('nav.site'); return !!window.__nav; });
  assert.ok(nav, 'the layout renders the nav');

  await page.click('ul.products a >> text=Teapot');
  await page.waitForFunction(() => location.pathname === '/products/2');
  await page.waitForSelector('.product h1:text("Teapot")');
  assert.ok(await hasMarker(page), 'no reload: the window marker survived');
  assert.equal(await page.title(), 'Teapot - Shop');
  assert.ok(await page.evaluate(() => window.__nav === document.querySelector('nav.site')),
    'the layout nav is the same DOM node after navigation');

  await page.goBack();
  await page.waitForFunction(() => location.pathname === '/');
  await page.waitForSelector('h1:text("Welcome to the shop")');
  assert.ok(await hasMarker(page), 'back is client-side too');
  assert.equal(await currentPath(page), '/');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a direct load of /products/42 is server-rendered and sends nothing before the first click', async () => {
  const response = await fetch(server.url + '/products/42');
  assert.equal(response.status, 200);
  const html = await response.text();
  assert.match(html, /Product #42/);
  assert.match(html, /<title>Towel - Shop<\/title>/);

  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  const requests = recordRequests(page);
  await page.goto(server.url + '/products/42');
  await waitHydrated(page);
  // Wait for the socket to be open, so that a request sent at boot would have been seen.
  await page.waitForFunction(() => document.documentElement.dataset.rallyConnection === 'open');
  assert.equal(requests.length, 0, 'the hydrated page made no request');
  await page.click('button.like');
  await page.waitForSelector('button.like:text("Like (1)")');
  assert.equal(requests.length, 1, 'the click sent exactly one request');
  assert.deepEqual(errors, []);
  await page.close();
});

test('/products/abc is the 404 page', async () => {
  const page = await browser.context.newPage();
  const response = await page.goto(server.url + '/products/abc');
  assert.equal(response.status(), 404);
  assert.equal(await page.locator('.not-found h1').textContent(), 'No such page');
  await page.close();
});

test('the admin namespace has its own bundle', async () => {
  const publicHtml = await (await fetch(server.url + '/')).text();
  const adminHtml = await (await fetch(server.url + '/admin')).text();
  const script = (html) => html.match(/<script src="([^"]+)" defer><\/script>/)[1];
  assert.equal(script(publicHtml), '/_rally/web.js');
  assert.equal(script(adminHtml), '/_rally/admin.js');
  const [web, admin] = await Promise.all(['/_rally/web.wasm', '/_rally/admin.wasm']
    .map(async (p) => Buffer.from(await (await fetch(server.url + p)).arrayBuffer())));
  assert.ok(web.length > 0 && admin.length > 0);
  assert.notDeepEqual(web, admin, 'the two namespaces ship different code');
});

test('the nav shows the client context; a server rename pushes a new one that survives navigation', async () => {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url + '/settings/profile');
  await waitHydrated(page);
  await setMarker(page);
  const user = () => page.locator('nav.site span.user').textContent();
  assert.equal(await user(), 'Signed in as guest', 'SSR rendered the context into the layout');

  // server_rename changes the connection's ServerContext; the server pushes the new context.
  await page.fill('.profile input', 'Ada');
  await page.click('button.save');
  await page.waitForSelector('.profile p.status:text("Saved as Ada")');
  await page.waitForSelector('nav.site span.user:text("Signed in as Ada")');
  assert.equal(await page.locator('.profile p.current').textContent(), 'Currently signed in as Ada');
  assert.ok(await hasMarker(page), 'no reload');

  // Client-side navigation keeps the context; the profile's init() reads it again.
  await page.click('nav.site a >> text=Home');
  await page.waitForSelector('h1:text("Welcome to the shop")');
  assert.equal(await user(), 'Signed in as Ada');
  await page.click('nav.site a >> text=Profile');
  await page.waitForSelector('.profile h1:text("Hello, Ada")');
  assert.equal(await page.inputValue('.profile input'), 'Ada');
  assert.ok(await hasMarker(page), 'still no reload');

  // set_context: the page replaces the context on the client alone.
  await page.fill('.profile input', 'Lin');
  await page.click('button.preview');
  await page.waitForSelector('nav.site span.user:text("Signed in as Lin")');
  assert.deepEqual(errors, []);
  await page.close();
});

// The dev inspector (a development build): a recording is of one page instance. Going to another
// product (the same page, new params) ends it: it keeps the first product's messages, and stop()
// warns.
test('a recording ends where the tab goes to another page', async () => {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto(server.url + '/products/1');
  await waitHydrated(page);
  assert.equal(await page.evaluate(() => rallyDev.record()), true);
  const likes = async () => Number((await page.locator('button.like').textContent()).match(/\d+/)[0]);
  const before = await likes();
  await page.click('button.like');
  await page.waitForFunction((n) => document.querySelector('button.like').textContent === `Like (${n})`, before + 1);
  await page.click('nav.site a >> text=Home');
  await page.click('ul.products a >> text=Teapot');
  await page.waitForSelector('.product h1:text("Teapot")');
  const teapot = await likes();
  await page.click('button.like');
  await page.waitForFunction((n) => document.querySelector('button.like').textContent === `Like (${n})`, teapot + 1);

  const lines = (await page.evaluate(() => rallyDev.stop())).trimEnd().split('\n');
  assert.deepEqual(lines.slice(0, 2), ['rally-recording 1', 'page products/id_']);
  assert.match(lines[2], /^model [A-Za-z0-9+/=]+$/);
  assert.equal(lines.length, 5, lines.join('\n'));
  assert.match(lines[3], /^msg \S+ Like\{\}$/);
  assert.equal(lines[4].replace(/^msg \S+ /, ''), `GotLike{result: Ok(${before + 1})}`);
  assert.ok(warnings.some((w) => w.includes('the recording ends where the tab left page products/id_')), warnings.join('\n'));
  assert.deepEqual(errors, []);
  await page.close();
});
