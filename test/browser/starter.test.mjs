// The app `rally new` writes, built against an installed Rally (test/cmake's cli.starter.installed),
// in a real browser: add tasks, tick one off (the done state is styled), follow a task's link to
// /tasks/:id (client-side, with the route parameter), and an empty title shows the error state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, watchErrors } from './harness.mjs';
import { waitHydrated, setMarker, hasMarker } from './navigation_helpers.mjs';

const binary = process.env.RALLY_STARTER_BIN;
const dir = mkdtempSync(join(tmpdir(), 'rally-starter-browser-'));
let server;
let browser;

before(async () => {
  assert.ok(binary, 'RALLY_STARTER_BIN must name the starter app executable');
  server = await startServer(binary, { DATABASE_PATH: join(dir, 'app.db') });
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) assert.equal(await server.stop(), 0, 'server should exit cleanly on SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

async function openHome() {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url + '/');
  await waitHydrated(page);
  await page.waitForFunction(() => document.documentElement.dataset.rallyConnection === 'open');
  return { page, errors };
}

async function addTask(page, title) {
  await page.fill('form.add input[name=title]', title);
  await page.click('form.add button[type=submit]');
  await page.waitForSelector(`ul.items li.task a.title:text-is("${title}")`);
}

test('the stylesheet is applied and tasks are added, ticked off and kept', async () => {
  const { page, errors } = await openHome();
  const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  assert.match(font, /system-ui/, 'assets/app.css is linked from the layout and served');
  await addTask(page, 'Write the first page');
  await addTask(page, 'Add a table');
  assert.equal(await page.textContent('p.count'), '2 left');
  assert.equal(await page.title(), 'Tasks (2)');

  const first = page.locator('li.task', { hasText: 'Write the first page' });
  await first.locator('input.toggle').check();
  await page.waitForSelector('li.task.done a.title:text-is("Write the first page")');
  assert.equal(await page.textContent('p.count'), '1 left');
  const decoration = await first.locator('a.title').evaluate((a) => getComputedStyle(a).textDecorationLine);
  assert.equal(decoration, 'line-through', 'a done task looks done');

  // The server's HTML has both tasks and the done state (load() reads the table).
  const html = await (await fetch(server.url + '/')).text();
  assert.match(html, /<li class="task done"[^>]*>.*Write the first page/s);
  assert.match(html, /<li class="task"[^>]*>.*Add a table/s);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an empty title shows the error state, and the next add clears it', async () => {
  const { page, errors } = await openHome();
  await page.fill('form.add input[name=title]', '   ');
  await page.click('form.add button[type=submit]');
  await page.waitForSelector('p.error:text("write something first")');
  assert.equal(await page.locator('p.error').isVisible(), true);
  await addTask(page, 'Ship it');
  await page.waitForFunction(() => document.querySelector('p.error').textContent === '');
  assert.equal(await page.locator('p.error').isVisible(), false, 'an empty error takes no room');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a task link opens /tasks/:id client-side, where it can be marked done', async () => {
  const { page, errors } = await openHome();
  await setMarker(page);
  await page.click('ul.items a.title:text-is("Add a table")');
  await page.waitForSelector('.task-detail h1.title:text-is("Add a table")');
  assert.match(new URL(page.url()).pathname, /^\/tasks\/\d+$/);
  assert.equal(await hasMarker(page), true, 'navigated without a page load');
  assert.equal(await page.textContent('.task-detail p.state'), 'Not done yet');
  await page.click('.task-detail button.toggle');
  await page.waitForSelector('.task-detail.done p.state:text-is("Done")');
  await page.click('a:text-is("All tasks")');
  await page.waitForSelector('li.task.done a.title:text-is("Add a table")');
  assert.deepEqual(errors, []);
  await page.close();
});

test('an unknown task id is the 404 page', async () => {
  const response = await fetch(server.url + '/tasks/999999');
  assert.equal(response.status, 404);
});
