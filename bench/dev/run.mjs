// Times the dev loop on the starter app, as a user sees it in the browser (a benchmark, never a
// CTest test; bin/bench-dev runs it):
//   new -> first page    `rally new`, then `rally dev` until the first page is served
//   view edit            a view string saved -> the open tab shows it (it reloads by itself)
//   handler edit         a server handler's body saved -> the open tab has reloaded from the new
//                        server, which answers with the new behaviour (checked, not timed)
//   idle CPU             rally dev's CPU time while nothing changes, as % of one core
//
//   node bench/dev/run.mjs --rally PATH [--runs 5] [--first-runs 1] [--idle-seconds 20] [--dir DIR]
//
// The starter builds against the Rally that `rally` belongs to. Each edit waits for the page to be
// hydrated and connected again before the next one.
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const usage = 'usage: node bench/dev/run.mjs --rally PATH [--runs 5] [--first-runs 1] [--idle-seconds 20] [--dir DIR]';
const die = (msg) => { console.error(`run.mjs: ${msg}\n${usage}`); process.exit(2); };

const opts = { rally: '', runs: 5, firstRuns: 1, idleSeconds: 20, dir: join(repo, 'build/bench-dev') };
for (let i = 2; i < process.argv.length; i += 2) {
  const [flag, value] = [process.argv[i], process.argv[i + 1]];
  if (value === undefined) die(`${flag} needs a value`);
  if (flag === '--rally') opts.rally = value;
  else if (flag === '--dir') opts.dir = value;
  else if (['--runs', '--first-runs', '--idle-seconds'].includes(flag)) {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) die(`${flag} must be a positive whole number, not "${value}"`);
    opts[{ '--runs': 'runs', '--first-runs': 'firstRuns', '--idle-seconds': 'idleSeconds' }[flag]] = n;
  } else die(`unknown option "${flag}"`);
}
if (!opts.rally) die('--rally is required');

// The browser tests' helpers: playwright-core is installed there (bin/setup).
let harness;
try {
  harness = await import('../../test/browser/harness.mjs');
} catch {
  die('playwright-core is not installed in test/browser/node_modules: run bin/setup');
}
const { freePort, launchBrowser } = harness;

// rally dev, with what it printed so far.
class Dev {
  constructor(app, port) {
    this.log = '';
    this.child = spawn(opts.rally, ['dev'], { cwd: app, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const s of [this.child.stdout, this.child.stderr]) s.on('data', (d) => { this.log += d; });
  }
  async listening(count, ms = 480000) {
    const deadline = Date.now() + ms;
    while ((this.log.match(/listening on http/g) || []).length < count) {
      if (Date.now() > deadline || this.child.exitCode !== null) throw new Error(`rally dev did not serve:\n${this.log.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 20));  // polling a log: the steps take seconds
    }
  }
  cpuTicks() {
    const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);  // utime + stime
  }
  async stop() {
    if (this.child.exitCode !== null) return;
    this.child.kill('SIGINT');
    await once(this.child, 'exit');
  }
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : Math.round((s[s.length / 2 - 1] + s[s.length / 2]) / 2); };
const replaceIn = (file, pattern, to) => {
  const text = readFileSync(file, 'utf8');
  if (!pattern.test(text)) throw new Error(`${file} has no ${pattern}`);
  writeFileSync(file, text.replace(pattern, to));
};
const ready = async (page) => {
  await page.waitForFunction(() => document.documentElement.dataset.rallyHydrated === 'true' &&
    document.documentElement.dataset.rallyConnection === 'open', null, { timeout: 120000 });
};

const first = [], views = [], handlers = [];
let dev, browser;
try {
  let app, port;
  for (let run = 1; run <= opts.firstRuns; ++run) {
    if (dev) await dev.stop();
    rmSync(opts.dir, { recursive: true, force: true });
    mkdirSync(opts.dir, { recursive: true });
    app = join(opts.dir, 'app');
    port = await freePort();
    const start = Date.now();
    execFileSync(opts.rally, ['new', app]);
    dev = new Dev(app, port);
    await dev.listening(1);
    const html = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    if (!html.includes('<h1>Tasks</h1>')) throw new Error('the first page is not the starter\'s');
    first.push(Date.now() - start);
  }
  const pageFile = join(app, 'src/web/pages/home_.hpp');
  const storeFile = join(app, 'src/web/task_store.cpp');
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await ready(page);

  for (let run = 1; run <= opts.runs; ++run) {
    const start = Date.now();
    replaceIn(pageFile, /h1\(\{\}, \{text\("[^"]*"\)\}\)/, `h1({}, {text("Tasks ${run}")})`);
    await page.waitForFunction((t) => document.querySelector('h1')?.textContent === t, `Tasks ${run}`, { timeout: 300000 });
    views.push(Date.now() - start);
    await ready(page);
  }
  for (let run = 1; run <= opts.runs; ++run) {
    await page.evaluate(() => { window.__benchMarker = true; });
    const start = Date.now();
    replaceIn(storeFile, /rally::err\("write something first[^"]*"\)/, `rally::err("write something first (${run})")`);
    await page.waitForFunction(() => window.__benchMarker !== true, null, { timeout: 300000 });
    await ready(page);
    handlers.push(Date.now() - start);
    await page.fill('form.add input[name=title]', '');
    await page.click('form.add button[type=submit]');
    await page.waitForFunction((t) => document.querySelector('p.error')?.textContent === t, `write something first (${run})`, { timeout: 30000 });
  }
  const before = dev.cpuTicks();
  await new Promise((r) => setTimeout(r, opts.idleSeconds * 1000));  // measuring idleness: nothing to wait for
  const ticks = dev.cpuTicks() - before;
  const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

  console.log(`rally dev on the starter, seen in Chromium (${opts.runs} edits of each kind; ms)`);
  const row = (name, xs) => console.log(`${name.padEnd(34)} ${String(median(xs)).padStart(7)}   ${xs.join(' ')}`);
  console.log(`${'step'.padEnd(34)} ${'median'.padStart(7)}   runs`);
  row('new -> first page served', first);
  row('view edit -> the tab shows it', views);
  row('handler edit -> the tab reloaded', handlers);
  console.log(`${'idle CPU of rally dev'.padEnd(34)} ${(100 * ticks / hz / opts.idleSeconds).toFixed(2).padStart(6)}%   (${ticks} ticks of 1/${hz} s in ${opts.idleSeconds} s)`);
} finally {
  if (browser) await browser.close();
  if (dev) await dev.stop();
}
