// Accounts in the todo app, in a real browser: the sign-in wall and the way back through it, one
// user never seeing another's todos, the session cookie, the forms with JavaScript off, a sign-in
// or sign-out reaching the browser's other tabs, and the open-redirect guard on ?next=.
// Every test signs up its own users (one database for the file) in its own browser(s).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, watchErrors } from './harness.mjs';
import { waitHydrated, setMarker, hasMarker } from './navigation_helpers.mjs';
import {
  PASSWORD, signUp, signIn, signOut, submitCredentials, sessionCookie, fetchAs, pathOf, appErrors,
} from './auth_helpers.mjs';

const binary = process.env.RALLY_TODO_BIN;
const dir = mkdtempSync(join(tmpdir(), 'rally-auth-browser-'));
const env = { DATABASE_PATH: join(dir, 'todo.db') };
let server;

before(async () => {
  assert.ok(binary, 'RALLY_TODO_BIN must name the todo executable');
  server = await startServer(binary, env);
});
after(async () => {
  if (server) assert.equal(await server.stop(), 0, 'server should exit cleanly on SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

// A fresh browser (its own cookie jar, so its own user), closed when test `t` ends.
async function newBrowser(t, options) {
  const browser = await launchBrowser(options);
  t.after(() => browser.close());
  return browser;
}

// Hydrated and with its socket open: from then on the page can make server calls and get pushes.
async function waitLive(page) {
  await waitHydrated(page);
  await page.waitForFunction(() => document.documentElement.dataset.rallyConnection === 'open');
}

async function openLive(context, path) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url + path);
  await waitLive(page);
  return { page, errors };
}

// Adds an item on the live list page; resolves with its id (from its link).
async function addTodo(page, title) {
  await page.fill('form.add input[name=title]', title);
  await page.click('form.add button[type=submit]');
  const link = page.locator(`ul.items li.todo a.title:text-is("${title}")`);
  await link.waitFor();
  return Number((await link.getAttribute('href')).match(/^\/todos\/(\d+)$/)[1]);
}

test('signed out, the list sends you to sign in, and signing in brings you back to it', async (t) => {
  const { context } = await newBrowser(t);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signUp(page, server.url, 'ada@example.com');
  assert.equal(pathOf(page), '/');
  await waitLive(page);
  await addTodo(page, 'Renew the passport');

  assert.equal((await signOut(page)).status(), 200);
  assert.equal(pathOf(page), '/sign_in', 'signing out lands on /sign_in');
  assert.equal(await page.locator('header span.who').count(), 0);
  assert.equal(await page.locator('header span.account a[href="/sign_in"]').count(), 1);

  const wall = await page.goto(server.url + '/');
  const hop = await wall.request().redirectedFrom().response();
  assert.equal(hop.status(), 302);
  assert.equal(pathOf(page), '/sign_in?next=%2F', 'the wall remembers where you were going');
  assert.equal(await page.inputValue('form.auth-form input[name=next]'), '/');

  await submitCredentials(page, 'ada@example.com', PASSWORD);
  assert.equal(pathOf(page), '/');
  // Server-rendered: there before the client runs.
  assert.deepEqual(await page.locator('ul.items li.todo a.title').allTextContents(), ['Renew the passport']);
  await waitLive(page);
  assert.equal(await page.textContent('header span.who'), 'ada@example.com');
  assert.deepEqual(errors, []);
});

test("a second user never sees the first user's todos", async (t) => {
  const first = await newBrowser(t);
  const bob = await first.context.newPage();
  await signUp(bob, server.url, 'bob@example.com');
  await waitLive(bob);
  const id = await addTodo(bob, 'Secret plan of Bob');
  // The control: the item's page works for its owner.
  assert.equal((await bob.goto(server.url + `/todos/${id}`)).status(), 200);

  const second = await newBrowser(t);
  const carol = await second.context.newPage();
  const errors = watchErrors(carol);
  await signUp(carol, server.url, 'carol@example.com');
  assert.equal(pathOf(carol), '/');
  await waitLive(carol);
  assert.equal(await carol.locator('ul.items li').count(), 0);
  assert.equal(await carol.textContent('p.count'), '0 left');
  assert.doesNotMatch(await carol.content(), /Secret plan/);

  const detail = await carol.goto(server.url + `/todos/${id}`);
  assert.equal(detail.status(), 404, "another user's item is no such item");
  assert.doesNotMatch(await detail.text(), /Secret plan/);
  assert.doesNotMatch(await carol.content(), /Secret plan/);
  // The server's HTML for carol's session, too.
  const cookie = await sessionCookie(second.context);
  assert.doesNotMatch((await fetchAs(server.url, '/', cookie.value)).html, /Secret plan/);
  assert.deepEqual(appErrors(errors), []);
});

test('the session cookie is HttpOnly and SameSite=Lax, and gets a new value at sign-in and at sign-out', async (t) => {
  const { context } = await newBrowser(t);
  const page = await context.newPage();
  await signUp(page, server.url, 'dan@example.com');
  await signOut(page);
  assert.equal(pathOf(page), '/sign_in');
  // A signed-out visitor has a session too (it carries the forms' CSRF token).
  const anonymous = await sessionCookie(context);
  assert.ok(anonymous, 'the /sign_in page set a session cookie');

  await submitCredentials(page, 'dan@example.com', PASSWORD);
  assert.equal(pathOf(page), '/');
  const signedIn = await sessionCookie(context);
  assert.equal(signedIn.httpOnly, true);
  assert.equal(signedIn.sameSite, 'Lax');
  assert.equal(signedIn.path, '/');
  assert.equal(signedIn.secure, false, 'plain http in dev');
  assert.ok(Math.abs(signedIn.expires - (Date.now() / 1000 + 2592000)) < 120, 'kept for 30 days');
  assert.equal(await page.evaluate(() => document.cookie.includes('rally_session')), false, 'scripts cannot read it');
  // No fixation: a new id, and the id from before does not open the list.
  assert.notEqual(signedIn.value, anonymous.value);
  assert.equal((await fetchAs(server.url, '/', signedIn.value)).status, 200);
  assert.equal((await fetchAs(server.url, '/', anonymous.value)).status, 302);

  await signOut(page);
  const signedOut = await sessionCookie(context);
  assert.ok(signedOut);
  assert.notEqual(signedOut.value, signedIn.value);
  // Ended on the server, not only forgotten by this browser.
  assert.equal((await fetchAs(server.url, '/', signedIn.value)).status, 302);
});

test('with JavaScript off, signing up and in are plain forms and the list is server-rendered', async (t) => {
  const noJs = await newBrowser(t, { javaScriptEnabled: false });
  const page = await noJs.context.newPage();
  const submit = (email, password) => submitCredentials(page, email, password, { javaScript: false });
  await page.goto(server.url + '/sign_up');
  let response = await submit('erin@example.com', 'short');
  assert.equal(response.status(), 422);
  assert.equal(await page.textContent('form.auth-form p.error[role=alert]'), 'Choose a password of at least 8 characters.');
  assert.equal(await page.inputValue('form.auth-form input[name=email]'), 'erin@example.com', 'the email is kept');

  response = await submit('erin@example.com', PASSWORD);
  assert.equal(response.status(), 200);
  assert.equal(pathOf(page), '/');
  assert.equal(await page.textContent('header span.who'), 'erin@example.com');
  assert.equal(await page.textContent('p.count'), '0 left');
  assert.equal(await page.getAttribute('html', 'data-rally-hydrated'), null, 'the client really is off');

  // The same user adds an item from a browser with JavaScript (the list's form needs it).
  const withJs = await newBrowser(t);
  const other = await withJs.context.newPage();
  await signIn(other, server.url, 'erin@example.com');
  await waitLive(other);
  await addTodo(other, 'Water the plants');

  await signOut(page);
  assert.equal(pathOf(page), '/sign_in');
  await page.goto(server.url + '/');
  assert.equal(pathOf(page), '/sign_in?next=%2F');
  response = await submit('erin@example.com', 'not the password');
  assert.equal(response.status(), 422);
  assert.equal(await page.textContent('form.auth-form p.error[role=alert]'), 'Wrong email or password.');
  assert.equal(await page.inputValue('form.auth-form input[name=next]'), '/', 'next survives the mistake');

  response = await submit('erin@example.com', PASSWORD);
  assert.equal(response.status(), 200);
  assert.equal(pathOf(page), '/');
  assert.deepEqual(await page.locator('ul.items li.todo a.title').allTextContents(), ['Water the plants']);
  assert.equal(await page.textContent('p.count'), '1 left');
});

test("signing in or out in one tab updates the header of the browser's other tabs without a reload", async (t) => {
  const { context } = await newBrowser(t);
  // Tab B: signed out, on a page anyone may see, live.
  let { page: tabB, errors } = await openLive(context, '/sign_up');
  assert.equal(await tabB.locator('header span.who').count(), 0);
  await setMarker(tabB);

  const tabA = await context.newPage();
  await signUp(tabA, server.url, 'fay@example.com');
  assert.equal(pathOf(tabA), '/');
  await tabB.waitForSelector('header span.who:text-is("fay@example.com")');
  assert.equal(await tabB.locator('header form.sign-out').count(), 1);
  // The sign-up page's load() sends a signed-in user on: the tab follows, without a reload.
  await tabB.waitForFunction(() => location.pathname === '/');
  await tabB.waitForSelector('form.add');
  assert.ok(await hasMarker(tabB), 'no reload: the new context and the page came over the socket');
  assert.deepEqual(errors, []);
  await tabB.close();

  // Both tabs on the list; another browser (another user) watches too.
  await waitLive(tabA);
  ({ page: tabB, errors } = await openLive(context, '/'));
  await setMarker(tabB);
  const stranger = await newBrowser(t);
  const gus = await stranger.context.newPage();
  await signUp(gus, server.url, 'gus@example.com');
  await waitLive(gus);

  await signOut(tabA);
  assert.equal(pathOf(tabA), '/sign_in');
  // The list is for signed-in users: tab B leaves it for the sign-in page, and shows none of it.
  await tabB.waitForFunction(() => location.pathname + location.search === '/sign_in?next=%2F');
  await tabB.waitForSelector('header span.account a[href="/sign_in"]');
  assert.equal(await tabB.locator('header span.who').count(), 0);
  assert.equal(await tabB.locator('form.add').count(), 0);
  await waitLive(tabB);
  await setMarker(tabB);

  // Signing in again (a second new session id) reaches tab B as well: its sign-in page follows
  // ?next= back to the list, without a reload.
  await submitCredentials(tabA, 'fay@example.com', PASSWORD);
  await tabB.waitForSelector('header span.who:text-is("fay@example.com")');
  await tabB.waitForFunction(() => location.pathname === '/');
  await tabB.waitForSelector('form.add');
  assert.ok(await hasMarker(tabB));
  assert.deepEqual(errors, []);

  // The other browser was not told: after a round trip on its socket it still shows its own user.
  await addTodo(gus, 'Feed the cat');
  assert.equal(await gus.textContent('header span.who'), 'gus@example.com');
});

// The push after a session change carries the new session's form token too: the sign-out form the
// other tab renders is accepted.
test("the sign-out button a tab got over the socket works", async (t) => {
  const { context } = await newBrowser(t);
  const { page: tabB } = await openLive(context, '/sign_up');
  const tabA = await context.newPage();
  await signUp(tabA, server.url, 'ida@example.com');
  await tabB.waitForSelector('header span.who:text-is("ida@example.com")');
  assert.equal((await signOut(tabB)).status(), 200);
  assert.equal(pathOf(tabB), '/sign_in');
});

test('after sign-in, ?next= is followed only to a path of this site', async (t) => {
  const { context } = await newBrowser(t);
  const page = await context.newPage();
  // Where each form post sent the browser.
  const locations = [];
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && r.status() === 303) locations.push(r.headers().location);
  });

  await signUp(page, server.url, 'hal@example.com', { next: '//evil.example' });
  assert.equal(locations.at(-1), '/');
  assert.equal(new URL(page.url()).origin, server.url);
  assert.equal(pathOf(page), '/');
  await waitLive(page);
  const id = await addTodo(page, 'Check the locks');
  await signOut(page);

  // Browsers drop tabs in URLs: "/\t/evil.example" would become "//evil.example".
  for (const next of ['//evil.example', 'https://evil.example', '/\\evil', '/\t/evil.example']) {
    const response = await signIn(page, server.url, 'hal@example.com', { next });
    assert.equal(locations.at(-1), '/', `next=${JSON.stringify(next)} is refused`);
    assert.equal(new URL(page.url()).origin, server.url, `next=${JSON.stringify(next)} stays on this site`);
    assert.equal(pathOf(page), '/');
    assert.equal(response.status(), 200);
    await signOut(page);
  }

  // A path of this site is followed: the wall sends an item's page through /sign_in and back.
  await page.goto(server.url + `/todos/${id}`);
  assert.equal(pathOf(page), `/sign_in?next=%2Ftodos%2F${id}`);
  await submitCredentials(page, 'hal@example.com', PASSWORD);
  assert.equal(locations.at(-1), `/todos/${id}`);
  assert.equal(pathOf(page), `/todos/${id}`);
  assert.equal(await page.textContent('.todo-detail h1.title'), 'Check the locks');
});

// A slow connection: the user types before the client code arrives. Hydration keeps what was
// typed and tells the page (an input event), so a later re-render shows it too.
test('what is typed before the page hydrates is kept and reaches the model', async (t) => {
  const { context } = await newBrowser(t);
  const page = await context.newPage();
  const errors = watchErrors(page);
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/_rally/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(server.url + '/sign_in', { waitUntil: 'domcontentloaded' });
  await page.fill('form.auth-form input[name=email]', 'early@example.com');
  assert.notEqual(await page.evaluate(() => document.documentElement.dataset.rallyHydrated), 'true');
  release();
  await waitHydrated(page);
  assert.equal(await page.inputValue('form.auth-form input[name=email]'), 'early@example.com');
  // A re-render (the password switch) draws the email from the model: it heard the typing.
  await page.check('form.auth-form input.show-password');
  await page.waitForSelector('form.auth-form input[name=password][type=text]');
  assert.equal(await page.inputValue('form.auth-form input[name=email]'), 'early@example.com');
  assert.deepEqual(appErrors(errors), []);
});
