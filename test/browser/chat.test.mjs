// The chat example in real browsers: a line said in a room shows up live in every browser showing
// that room (through the room's topic), not in other rooms; history comes with the page (SSR);
// moving to another room moves the subscription.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, watchErrors } from './harness.mjs';
import { waitHydrated } from './navigation_helpers.mjs';

const binary = process.env.RALLY_CHAT_BIN;
const dir = mkdtempSync(join(tmpdir(), 'rally-chat-browser-'));
const env = { DATABASE_PATH: join(dir, 'chat.db') };
let server;
const browsers = [];

before(async () => {
  assert.ok(binary, 'RALLY_CHAT_BIN must name the chat executable');
  server = await startServer(binary, env);
});
after(async () => {
  for (const b of browsers) await b.close();
  if (server) assert.equal(await server.stop(), 0, 'server should exit cleanly on SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

// A browser of its own (its own socket), on `path`, hydrated, socket open and subscribed.
async function visitor(path) {
  const browser = await launchBrowser();
  browsers.push(browser);
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  const sent = [];  // the frames the page sends on its socket (first byte: the kind; 6 subscribe, 7 unsubscribe)
  const subscribed = new Promise((resolve) => {
    page.on('websocket', (ws) => ws.on('framesent', (f) => {
      if (typeof f.payload === 'string') return;
      sent.push(Buffer.from(f.payload));
      if (f.payload[0] === 6) resolve();
    }));
  });
  await page.goto(server.url + path);
  await waitHydrated(page);
  await subscribed;
  return { page, errors, sent };
}

async function say(page, name, text) {
  await page.fill('form.say input.name', name);
  await page.fill('form.say input.draft', text);
  await page.click('form.say button[type=submit]');
}

test('a line said in a room shows up live in every browser in that room, and nowhere else', async () => {
  const ada = await visitor('/rooms/1');
  const bob = await visitor('/rooms/1');
  const cyd = await visitor('/rooms/2');
  const started = Date.now();
  await say(ada.page, 'ada', 'hello room one');
  await bob.page.waitForSelector('ul.lines li.line:has-text("hello room one")');
  const took = Date.now() - started;
  assert.ok(took < 1000, `delivered in ${took} ms`);
  // The sender gets it from the topic too, once.
  await ada.page.waitForSelector('ul.lines li.line:has-text("hello room one")');
  assert.equal(await ada.page.locator('ul.lines li.line').count(), 1);

  await say(bob.page, 'bob', 'hi ada');
  await ada.page.waitForSelector('ul.lines li.line:has-text("hi ada")');
  assert.deepEqual(await ada.page.locator('li.line .text').allTextContents(), ['hello room one', 'hi ada']);

  // Room 2 heard nothing; a line there stays there.
  await say(cyd.page, 'cyd', 'anyone in two?');
  await cyd.page.waitForSelector('ul.lines li.line:has-text("anyone in two?")');
  assert.equal(await cyd.page.locator('ul.lines li.line').count(), 1);
  await say(ada.page, 'ada', 'still one');
  await bob.page.waitForSelector('li.line:has-text("still one")');
  assert.equal(await bob.page.locator('li.line:has-text("anyone in two?")').count(), 0);
  assert.equal(await cyd.page.locator('li.line:has-text("still one")').count(), 0);
  for (const v of [ada, bob, cyd]) assert.deepEqual(v.errors, []);
});

test('the history is in the server-rendered page', async () => {
  const response = await fetch(server.url + '/rooms/1');
  const html = await response.text();
  assert.match(html, /<strong class="author">ada<\/strong> <span class="text">hello room one<\/span>/);
  assert.match(html, /hi ada/);
});

test('moving to another room unsubscribes from the first and subscribes to the second', async () => {
  const eve = await visitor('/rooms/3');
  const fay = await visitor('/rooms/3');
  // Client-side navigation (the same socket): the page's subscriptions follow its model.
  await eve.page.click('nav.rooms a[href="/rooms/2"]');
  await eve.page.waitForSelector('h1:text-is("Room 2")');
  await say(fay.page, 'fay', 'bye eve');
  await fay.page.waitForSelector('li.line:has-text("bye eve")');
  const cyd = await visitor('/rooms/2');
  await say(cyd.page, 'cyd', 'welcome eve');
  await eve.page.waitForSelector('li.line:has-text("welcome eve")');
  assert.equal(await eve.page.locator('li.line:has-text("bye eve")').count(), 0, 'room 3 no longer reaches eve');
  assert.ok(eve.sent.some((f) => f[0] === 7), 'an unsubscribe frame was sent');
  assert.deepEqual(eve.errors, []);
});

test('who is typing reaches the others on the room\'s page as a server message, and leaves with the line or the page', async () => {
  const ada = await visitor('/rooms/1');
  const bob = await visitor('/rooms/1');
  const cyd = await visitor('/rooms/2');
  await ada.page.fill('form.say input.name', 'ada');
  await ada.page.fill('form.say input.draft', 'typing test');
  await bob.page.waitForSelector('p.typing:text-is("ada is typing…")');
  assert.equal(await ada.page.textContent('p.typing'), '', 'not told about itself');
  // The line ends it.
  await ada.page.click('form.say button[type=submit]');
  await bob.page.waitForSelector('li.line:has-text("typing test")');
  assert.equal(await bob.page.textContent('p.typing'), '');
  // Clearing the draft ends it too.
  await ada.page.fill('form.say input.draft', 'again');
  await bob.page.waitForSelector('p.typing:text-is("ada is typing…")');
  await ada.page.fill('form.say input.draft', '');
  await bob.page.waitForSelector('p.typing:text-is("")', { state: 'attached' });  // empty: not visible
  // Bob moves to room 2 (client-side, the same socket): he hears room 2's page now, not room 1's.
  await bob.page.click('nav.rooms a[href="/rooms/2"]');
  await bob.page.waitForSelector('h1:text-is("Room 2")');
  const dan = await visitor('/rooms/1');
  await ada.page.fill('form.say input.draft', 'only room one');
  await dan.page.waitForSelector('p.typing:text-is("ada is typing…")');
  await cyd.page.fill('form.say input.name', 'cyd');
  await cyd.page.fill('form.say input.draft', 'two');
  await bob.page.waitForSelector('p.typing:text-is("cyd is typing…")');
  assert.equal(await cyd.page.textContent('p.typing'), '', 'room 1 never reached cyd');
  assert.equal(await bob.page.textContent('p.typing'), 'cyd is typing…', 'room 1 no longer reaches bob');
  await ada.page.fill('form.say input.draft', '');
  for (const v of [ada, bob, cyd, dan]) assert.deepEqual(v.errors, []);
});

test('after a server restart the page reconnects, sends what was said meanwhile, subscribes again and gets what is said after', async () => {
  const gil = await visitor('/rooms/1');
  const port = new URL(server.url).port;
  assert.equal(await server.stop(), 0);
  await gil.page.waitForFunction(() => document.documentElement.dataset.rallyConnection === 'reconnecting');
  // Said while the server is down: the call waits in the client's queue.
  await say(gil.page, 'gil', 'said while down');
  server = await startServer(binary, { ...env, PORT: port });
  await gil.page.waitForFunction(() => document.documentElement.dataset.rallyConnection === 'open', null, { timeout: 40000 });
  // The queued call went out after the reconnect, and its line came back through the topic: the
  // subscription is in place again.
  await gil.page.waitForSelector('li.line:has-text("said while down")');
  assert.equal(await gil.page.textContent('p.error'), '');
  const hal = await visitor('/rooms/1');
  await say(hal.page, 'hal', 'said after the restart');
  await gil.page.waitForSelector('li.line:has-text("said after the restart")');
  assert.ok(gil.sent.filter((f) => f[0] === 6).length >= 2, 'subscribed on both sockets');
  assert.deepEqual(appErrorsOnly(gil.errors), []);
});

// The browser reports the refused connections while the server is down: those are expected.
function appErrorsOnly(errors) {
  return errors.filter((e) => !e.includes('WebSocket connection') && !e.startsWith('Failed to load resource'));
}

test('with RALLY_CALL_TIMEOUT_MS, a call made while the server is down fails with a timeout Err after that long', async () => {
  const quickDir = mkdtempSync(join(tmpdir(), 'rally-chat-timeout-'));
  const quick = await startServer(binary, { DATABASE_PATH: join(quickDir, 'chat.db'), RALLY_CALL_TIMEOUT_MS: '1500' });
  try {
    const browser = await launchBrowser();
    browsers.push(browser);
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(quick.url + '/rooms/1');
    await waitHydrated(page);
    assert.equal(await page.getAttribute('#rally-data', 'data-call-timeout'), '1500');
    await page.waitForFunction(() => document.documentElement.dataset.rallyConnection === 'open');
    assert.equal(await quick.stop(), 0);
    await page.waitForFunction(() => document.documentElement.dataset.rallyConnection === 'reconnecting');
    await page.fill('form.say input.name', 'ivy');
    await page.fill('form.say input.draft', 'anyone?');
    const sent = Date.now();
    await page.click('form.say button[type=submit]');
    await page.waitForSelector('p.error:text-is("timeout")', { timeout: 10000 });
    const waited = Date.now() - sent;
    assert.ok(waited >= 1400 && waited < 6000, `failed after ${waited} ms`);
    assert.deepEqual(appErrorsOnly(errors), []);
  } finally {
    await quick.stop();
    rmSync(quickDir, { recursive: true, force: true });
  }
});
