// How one page's interaction cost changes with use: on one load of a JFB page (Rally's /jfb or
// /jfb/lazy, or the vanilla page served by `node bench/jfb/serve.mjs PORT`), creates 1,000 rows, then selects rows one click after another
// and prints each click's script time: the click and the render it queues (two microtask turns),
// not style, layout or paint. A wasm client starts in V8's baseline compiler (Liftoff) and its hot
// functions move to the optimizing one (TurboFan) as they run, so the first clicks cost more than
// later ones; run.mjs, like the official benchmark, times the click after 5 warm-ups.
//
//   node bench/jfb/warmup.mjs URL [--clicks 60] [--js-flags FLAGS]
//
// e.g. `--js-flags=--no-liftoff` (TurboFan from the start) shows the steady cost at once. The page
// must be served already: bench/README.md ("JFB") says how to start build/bench-app/rally_bench.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const usage = 'usage: node bench/jfb/warmup.mjs URL [--clicks 60] [--js-flags FLAGS]';
const die = (msg) => { console.error(`warmup.mjs: ${msg}\n${usage}`); process.exit(2); };

const opts = { url: null, clicks: 60, jsFlags: '' };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => { if (i + 1 >= args.length) die(`${a} needs a value`); return args[++i]; };
  if (a === '--clicks') { opts.clicks = Number(value()); if (!Number.isInteger(opts.clicks) || opts.clicks < 1 || opts.clicks > 1000) die('--clicks takes a whole number from 1 to 1000'); }
  else if (a === '--js-flags') opts.jsFlags = value();
  else if (a.startsWith('--js-flags=')) opts.jsFlags = a.slice('--js-flags='.length);
  else if (a === '-h' || a === '--help') { console.log(usage); process.exit(0); }
  else if (!a.startsWith('-') && !opts.url) opts.url = a;
  else die(`unknown argument '${a}'`);
}
if (!opts.url) die('give the page\'s URL');

let chromium;
try {
  ({ chromium } = createRequire(`${repo}test/browser/`)('playwright-core'));
} catch {
  console.error('warmup.mjs: playwright-core is not installed in test/browser/node_modules: run bin/setup');
  process.exit(2);
}
// Bounded, whatever the browser does.
setTimeout(() => { console.error('warmup.mjs: still running after 5 min; giving up'); process.exit(3); }, 5 * 60000).unref();

const browser = await chromium.launch({
  executablePath: process.env.RALLY_CHROMIUM || '/usr/lib/chromium/chromium',
  args: opts.jsFlags ? [`--js-flags=${opts.jsFlags}`] : [],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const response = await page.goto(opts.url, { waitUntil: 'load', timeout: 30000 });
  if (!response || !response.ok()) throw new Error(`${opts.url} answered ${response ? response.status() : 'nothing'}`);
  // Rally's pages are ready once hydrated; the vanilla page says so itself.
  await page.waitForSelector('html[data-rally-hydrated="true"], html[data-ready="true"]', { state: 'attached', timeout: 30000 });
  await page.click('#run');
  await page.waitForSelector('#tbody > tr:nth-child(1000)', { state: 'attached', timeout: 30000 });
  const times = [];
  for (let i = 0; i < opts.clicks; i++) {
    const ms = await page.evaluate(async (row) => {
      const link = document.querySelector(`#tbody > tr:nth-child(${row}) a.lbl`);
      const t0 = performance.now();
      link.click();
      // Rally renders in a microtask queued by the click: done after these two turns.
      await null;
      await null;
      const spent = performance.now() - t0;
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
      if (!link.closest('tr').classList.contains('danger')) throw new Error(`row ${row} is not selected after its click`);
      return spent;
    }, (i % 50) + 2);
    times.push(ms);
  }
  if (errors.length) throw new Error(`the page reported errors: ${errors.slice(0, 3).join(' | ')}`);
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
  console.log(`select, script ms per click (${opts.jsFlags || 'default flags'}):`);
  console.log(times.map((t) => t.toFixed(1)).join(' '));
  const tail = times.slice(Math.floor(times.length / 2));
  console.log(`click 6: ${times.length >= 6 ? times[5].toFixed(1) : '-'}  median of the last half: ${median(tail).toFixed(1)}`);
} catch (e) {
  console.error(`warmup.mjs: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
