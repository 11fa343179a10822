// Takes docs/images/starter.png: the app `rally new` writes, with a few tasks, one of them done, in
// headless Chromium at a laptop width and at a phone width side by side. Not a test: run by
// bin/screenshot-starter, which builds the starter first.
//   node test/browser/screenshot_starter.mjs <starter executable> <output.png>
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser } from './harness.mjs';

const [binary, output] = process.argv.slice(2);
if (!binary || !output) {
  console.error('usage: node screenshot_starter.mjs <starter executable> <output.png>');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'rally-screenshot-'));
const server = await startServer(binary, { DATABASE_PATH: join(dir, 'app.db'), RALLY_LOG: 'error' });
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.goto(server.url + '/');
  await page.waitForFunction(() => document.documentElement.dataset.rallyConnection === 'open');
  for (const title of ['Sketch the data model', 'Write the first page', 'Add a query for the report']) {
    await page.fill('form.add input[name=title]', title);
    await page.click('form.add button[type=submit]');
    await page.waitForSelector(`li.task a.title:text-is("${title}")`);
  }
  await page.locator('li.task', { hasText: 'Sketch the data model' }).locator('input.toggle').check();
  await page.waitForSelector('li.task.done');

  // Both widths in one picture: the laptop view, and the same page in a phone-sized frame.
  const url = server.url + '/';
  await page.setContent(`<!doctype html><html><body style="margin:0;background:#c9ced8;display:flex;gap:24px;
      padding:24px;align-items:flex-start">
    <iframe src="${url}" style="width:760px;height:420px;border:0;border-radius:8px;background:#fff"></iframe>
    <iframe src="${url}" style="width:390px;height:420px;border:0;border-radius:8px;background:#fff"></iframe>
    </body></html>`);
  await page.setViewportSize({ width: 24 + 760 + 24 + 390 + 24, height: 420 + 48 });
  const frames = page.frames().slice(1);
  for (const frame of frames)
    await frame.waitForFunction(() => document.documentElement.dataset.rallyHydrated === 'true');
  // The wide one with a draft being typed (the focus ring shows).
  await frames[0].fill('form.add input[name=title]', 'Invite the team');
  await page.screenshot({ path: output });
  console.log(`wrote ${output}`);
} finally {
  await browser.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
