// The todo app in a real browser, with its SQLite file in a temporary folder: add, reload (the item
// is in the server-rendered HTML), toggle, delete, and a restart that keeps the data. The list is
// per user: the file signs up one through the real /sign_up form first and stays signed in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, watchErrors } from './harness.mjs';
import { waitHydrated } from './navigation_helpers.mjs';
import { signUp, sessionCookie, fetchAs, pathOf } from './auth_helpers.mjs';

const binary = process.env.RALLY_TODO_BIN;
const dir = mkdtempSync(join(tmpdir(), 'rally-todo-browser-'));
const env = { DATABASE_PATH: join(dir, 'todo.db') };
let server;
let browser;

// The server's HTML for this browser's session: without the cookie every page is a redirect.
async function serverHtml(path) {
  const cookie = await sessionCookie(browser.context);
  const { status, html } = await fetchAs(server.url, path, cookie.value);
  return { status, html };
}

async function openHome() {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url + '/');
  assert.equal(pathOf(page), '/', 'still signed in (not sent to /sign_in)');
  await waitHydrated(page);
  await page.waitForFunction(() => document.documentElement.dataset.rallyConnection === 'open');
  return { page, errors };
}

before(async () => {
  assert.ok(binary, 'RALLY_TODO_BIN must name the todo executable');
  server = await startServer(binary, env);
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  const response = await signUp(page, server.url, 'ada@example.com');
  assert.equal(response.status(), 200);
  assert.equal(pathOf(page), '/', 'signing up lands on the list');
  await page.waitForSelector('header span.who:text("ada@example.com")');
  await page.close();
});
after(async () => {
  if (browser) await browser.close();
  if (server) assert.equal(await server.stop(), 0, 'server should exit cleanly on SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

test('an added item is in the server-rendered HTML after a reload', async () => {
  assert.ok(existsSync(env.DATABASE_PATH), 'the server created and migrated the database');
  const { page, errors } = await openHome();
  await page.fill('form.add input[name=title]', 'Buy milk');
  await page.click('form.add button[type=submit]');
  await page.waitForSelector('ul.items li.todo a.title:text("Buy milk")');
  assert.equal(await page.inputValue('form.add input[name=title]'), '', 'the draft is cleared');

  await page.reload();
  await waitHydrated(page);
  assert.equal(await page.locator('ul.items li').count(), 1);
  const { html } = await serverHtml('/');
  assert.match(html, /<a class="title" href="\/todos\/1">Buy milk<\/a>/);
  assert.match(html, /1 left/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('toggle and delete go through the server and stick', async () => {
  const { page, errors } = await openHome();
  await page.fill('form.add input[name=title]', 'Walk the dog');
  await page.press('form.add input[name=title]', 'Enter');
  await page.waitForSelector('ul.items li.todo a.title:text("Walk the dog")');

  await page.check('li.todo:has(a:text("Buy milk")) input.toggle');
  await page.waitForSelector('li.todo.done a.title:text("Buy milk")');
  assert.match((await serverHtml('/')).html, /1 left/);
  const detail = await serverHtml('/todos/1');
  assert.equal(detail.status, 200);
  assert.match(detail.html, /Buy milk/);
  assert.match(detail.html, /<p class="state">Done<\/p>/);

  await page.click('li.todo:has(a:text("Walk the dog")) button.remove');
  await page.waitForFunction(() => document.querySelectorAll('ul.items li').length === 1);
  const home = (await serverHtml('/')).html;
  assert.doesNotMatch(home, /Walk the dog/);
  assert.equal((await serverHtml('/todos/2')).status, 404);
  assert.deepEqual(errors, []);
  await page.close();
});

// The list is keyed (html::key): removing an item removes its element only, and the items after it
// keep theirs. A diff by position would rewrite the removed item's element with the next item and
// drop the last element instead.
test('deleting an item keeps the elements of the items after it', async () => {
  const { page, errors } = await openHome();
  for (const title of ['Füttere die Katze 🐈', 'Water the plants']) {
    await page.fill('form.add input[name=title]', title);
    await page.press('form.add input[name=title]', 'Enter');
    await page.waitForSelector(`ul.items li.todo a.title:text("${title}")`);
  }
  await page.evaluate(() => {
    window.__lastItem = [...document.querySelectorAll('ul.items li')].find((li) => li.textContent.includes('Water'));
  });
  await page.click('li.todo:has(a:text("Füttere die Katze 🐈")) button.remove');
  await page.waitForFunction(() => document.querySelectorAll('ul.items li').length === 2);
  assert.ok(await page.evaluate(() => window.__lastItem.isConnected), 'the last item kept its element');
  assert.equal(await page.evaluate(() => window.__lastItem.querySelector('a.title').textContent), 'Water the plants');

  await page.click('li.todo:has(a:text("Water the plants")) button.remove');
  await page.waitForFunction(() => document.querySelectorAll('ul.items li').length === 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the data survives a server restart on the same database file', async () => {
  assert.equal(await server.stop(), 0);
  server = await startServer(binary, env);
  const { page, errors } = await openHome();
  assert.equal(await page.locator('ul.items li').count(), 1);
  assert.equal(await page.locator('li.todo.done a.title').textContent(), 'Buy milk');
  assert.ok(await page.isChecked('li.todo input.toggle'));
  assert.deepEqual(errors, []);
  await page.close();
});
