// `rally dev` on a new starter app, as a user runs it, with the app open in headless Chromium: the
// first build and serve; an edited view string that the open tab shows by itself (the restarted
// server tells it to reload); a compile error shown over the page with its file and line while the
// last good server keeps serving; the fix, which removes the overlay; a new migration applied by the
// restarted server; Ctrl-C stopping both.
// Built against this Rally build tree (RALLY_BIN is its `rally`).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, launchBrowser } from './harness.mjs';
import { waitHydrated, setMarker, hasMarker } from './navigation_helpers.mjs';

const rally = process.env.RALLY_BIN;
const dir = mkdtempSync(join(tmpdir(), 'rally-dev-loop-'));
const app = join(dir, 'loop-app');
const pageFile = join(app, 'src/web/pages/home_.hpp');
let dev;
let browser;
let log = '';
const listeners = new Set();

after(async () => {
  if (browser) await browser.close();
  if (dev && dev.exitCode === null && dev.signalCode === null) {
    dev.kill('SIGINT');
    await once(dev, 'exit');
  }
  rmSync(dir, { recursive: true, force: true });
});

// Resolves with the match of `pattern` in what rally dev (and its server) printed after `from`.
function waitFor(pattern, from, ms) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = log.slice(from).match(pattern);
      if (m) { done(); resolve(m); }
    };
    const timer = setTimeout(() => { done(); reject(new Error(`no ${pattern} within ${ms} ms; rally dev printed:\n${log.slice(from)}`)); }, ms);
    const done = () => { clearTimeout(timer); listeners.delete(check); };
    listeners.add(check);
    check();
  });
}

function edit(from, to) {
  const text = readFileSync(pageFile, 'utf8');
  assert.ok(text.includes(from), `home_.hpp has ${from}`);
  writeFileSync(pageFile, text.replace(from, to));
}

const heading = (page) => page.textContent('h1');

test('rally dev rebuilds on save, reloads the open tab, shows a failed build over it and stops on Ctrl-C', async () => {
  assert.ok(rally, 'RALLY_BIN must name the rally executable');
  execFileSync(rally, ['new', 'loop-app'], { cwd: dir });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;

  let started = Date.now();
  dev = spawn(rally, ['dev'], { cwd: app, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [dev.stdout, dev.stderr])
    stream.on('data', (d) => { log += d; for (const l of [...listeners]) l(); });
  await waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/, 0, 480000);
  console.log(`rally dev -> first page served (configure + first build): ${Date.now() - started} ms`);

  browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.goto(url);
  await waitHydrated(page);
  await page.waitForFunction(() => document.documentElement.dataset.rallyConnection === 'open');
  assert.equal(await heading(page), 'Tasks');
  await setMarker(page);

  // An edited view string: the tab shows "Rebuilding…", then reloads by itself with the new text.
  let from = log.length;
  started = Date.now();
  edit('text("Tasks")', 'text("Chores")');
  await page.waitForSelector('#rally-dev[data-state=building]', { timeout: 60000 });
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Chores', null, { timeout: 120000 });
  console.log(`view edit -> the open tab shows it: ${Date.now() - started} ms`);
  assert.equal(await hasMarker(page), false, 'the tab reloaded');
  assert.match(log.slice(from), /home_\.hpp changed; building loop_app/);
  await waitHydrated(page);
  assert.equal(await page.locator('#rally-dev').count(), 0, 'no build status once it is built');

  // A compile error whose message holds markup: the overlay names the file and line, shows the
  // markup as text, and the last good server keeps serving.
  await setMarker(page);
  from = log.length;
  const lines = readFileSync(pageFile, 'utf8').split('\n');
  const errorLine = lines.findIndex((l) => l.startsWith('struct SetDraft')) + 1;
  edit('struct SetDraft', 'static_assert(false, "<b>not C++</b>");\nstruct SetDraft');
  const overlay = await page.waitForSelector('#rally-dev[data-state=failed]', { timeout: 120000 });
  const shown = await overlay.textContent();
  assert.match(shown, new RegExp(`src/web/pages/home_\\.hpp:${errorLine}:\\d+: error`), shown);
  assert.ok(shown.includes('<b>not C++</b>'), `the message is shown as text:\n${shown}`);
  assert.equal(await page.locator('#rally-dev b').count(), 0, 'diagnostics are never parsed as HTML');
  await waitFor(/the build failed after .*the last good server keeps serving/, from, 10000);
  assert.equal(await hasMarker(page), true, 'a failed build does not reload the tab');
  assert.match(await (await fetch(url)).text(), /<h1>Chores<\/h1>/, 'the previous server still answers');

  // The fix: the overlay goes and the tab shows the app again.
  from = log.length;
  edit('static_assert(false, "<b>not C++</b>");\n', '');
  await page.waitForSelector('#rally-dev', { state: 'detached', timeout: 120000 });
  await waitFor(/restarted the server|nothing to restart/, from, 120000);
  await page.waitForFunction(() => document.documentElement.dataset.rallyConnection === 'open', null, { timeout: 30000 });
  assert.equal(await heading(page), 'Chores');

  // A new migration: no code changes with it, but the server restarts and applies it.
  from = log.length;
  writeFileSync(join(app, 'db/migrations/002_add_notes.sql'), 'ALTER TABLE tasks ADD COLUMN note TEXT;\n');
  await waitFor(/applied migration 002_add_notes/, from, 120000);

  // Ctrl-C: rally dev stops the server and exits 0.
  dev.kill('SIGINT');
  const [code] = await once(dev, 'exit');
  assert.equal(code, 0, `rally dev exit status; it printed:\n${log.slice(from)}`);
  await assert.rejects(fetch(url), 'the server is stopped too');
});
