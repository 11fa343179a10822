// The js-framework-benchmark driver: times the 9 keyed-table operations on the vanilla page
// (bench/jfb/vanilla.*, served here) and on each other page given with --impl (Rally's /jfb and
// /jfb/lazy), and prints, per operation, the median of the runs and its ratio to vanilla, then the
// geometric mean.
//
//   node bench/jfb/run.mjs --impl rally=http://127.0.0.1:PORT/jfb [--impl NAME=URL]...
//       [--runs 5] [--only create1k,swap,...] [--tsv FILE] [--max-minutes 20] [--ready NAME=SELECTOR]
//
// Method. A run of one operation on one page: load the page fresh and wait until it is ready
// (vanilla: html[data-ready="true"]; the others: html[data-rally-hydrated="true"], or --ready),
// warm up (5 clicks of the operation's kind), prepare, gc(), then time one click: performance.now()
// around click(); requestAnimationFrame(() => setTimeout(done)), i.e. script, style, layout and
// paint up to the next frame. The table read at that moment must be right (rows, ids, labels,
// selection: the driver keeps its own model of the page, with the same seeded labels) and every
// page must end each run in the same state. Runs of the pages are interleaved.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const usage = 'usage: node bench/jfb/run.mjs --impl NAME=URL... [--runs 5] [--only OPS] [--tsv FILE] [--max-minutes 20] [--ready NAME=SELECTOR]';
const die = (msg) => { console.error(`run.mjs: ${msg}\n${usage}`); process.exit(2); };

// playwright-core as the browser tests have it (bin/setup installs it in test/browser).
let chromium;
try {
  ({ chromium } = createRequire(`${repo}test/browser/`)('playwright-core'));
} catch {
  console.error('run.mjs: playwright-core is not installed in test/browser/node_modules: run bin/setup');
  process.exit(2);
}
const CHROMIUM = process.env.RALLY_CHROMIUM || '/usr/lib/chromium/chromium';

// ---- the data generator, as both pages have it ----
const ADJ = ['pretty', 'large', 'quiet', 'shiny', 'tiny', 'brave', 'fuzzy', 'clean', 'odd', 'elegant', 'cheap', 'fancy', 'plain'];
const COL = ['red', 'green', 'blue', 'amber', 'violet', 'white', 'black', 'orange', 'pink', 'brown', 'grey'];
const NOUN = ['table', 'chair', 'lamp', 'kettle', 'pony', 'bicycle', 'teapot', 'window', 'sandwich', 'rocket', 'piano', 'mouse', 'keyboard'];

// What the page should show after each click: rows [id, label] and the selected id.
class Model {
  constructor() { this.seed = 0x2545f491; this.nextId = 1; this.rows = []; this.selected = 0; }
  pick(words) {
    this.seed ^= this.seed << 13;
    this.seed ^= this.seed >>> 17;
    this.seed ^= this.seed << 5;
    return words[(this.seed >>> 0) % words.length];
  }
  append(n) {
    for (let i = 0; i < n; i++) this.rows.push([this.nextId++, `${this.pick(ADJ)} ${this.pick(COL)} ${this.pick(NOUN)}`]);
  }
  apply(click) {
    const [what, index] = click;
    if (what === 'run' || what === 'runlots') { this.rows = []; this.selected = 0; this.append(what === 'run' ? 1000 : 10000); }
    else if (what === 'add') this.append(1000);
    else if (what === 'update') for (let i = 0; i < this.rows.length; i += 10) this.rows[i][1] += ' !!!';
    else if (what === 'clear') { this.rows = []; this.selected = 0; }
    else if (what === 'swaprows') {
      if (this.rows.length > 998) [this.rows[1], this.rows[998]] = [this.rows[998], this.rows[1]];
    } else if (what === 'select') this.selected = this.rows[index][0];
    else if (what === 'remove') {
      if (this.rows[index][0] === this.selected) this.selected = 0;
      this.rows.splice(index, 1);
    }
  }
}

// A click: [button id] or ['select'|'remove', row index].
const selector = ([what, index]) =>
  what === 'select' ? `#tbody > tr:nth-child(${index + 1}) a.lbl`
    : what === 'remove' ? `#tbody > tr:nth-child(${index + 1}) a.remove` : `#${what}`;
const times = (n, clicks) => Array.from({ length: n }, () => clicks).flat();

// The 9 operations: warm-up and preparing clicks (untimed), then the timed click.
const OPS = [
  { key: 'create1k', name: 'create 1,000 rows', before: times(5, [['run'], ['clear']]), timed: ['run'] },
  { key: 'replace1k', name: 'replace all 1,000 rows', before: times(5, [['run']]), timed: ['run'] },
  { key: 'update10th', name: 'update every 10th row (1k)', before: [['run'], ...times(5, [['update']])], timed: ['update'] },
  { key: 'select', name: 'select row (1k)', before: [['run'], ...[0, 1, 2, 3, 4].map((i) => ['select', i + 4])], timed: ['select', 1] },
  { key: 'swap', name: 'swap rows 2 and 999 (1k)', before: [['run'], ...times(5, [['swaprows']])], timed: ['swaprows'] },
  { key: 'remove', name: 'remove row (1k)', before: [['run'], ...[9, 8, 7, 6, 5].map((i) => ['remove', i])], timed: ['remove', 3] },
  { key: 'create10k', name: 'create 10,000 rows', before: times(5, [['run'], ['clear']]), timed: ['runlots'] },
  { key: 'append1k', name: 'append 1,000 rows to 1k', before: [...times(5, [['run'], ['add']]), ['run']], timed: ['add'] },
  { key: 'clear1k', name: 'clear 1,000 rows', before: [...times(5, [['run'], ['clear']]), ['run']], timed: ['clear'] },
];

// ---- options ----
const opts = { runs: 5, only: null, tsv: null, maxMinutes: 20, impls: [], ready: {} };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => { if (i + 1 >= args.length) die(`${a} needs a value`); return args[++i]; };
  const pair = (text) => { const eq = text.indexOf('='); if (eq < 1) die(`${a} takes NAME=VALUE, not '${text}'`); return [text.slice(0, eq), text.slice(eq + 1)]; };
  if (a === '--runs') { opts.runs = Number(value()); if (!Number.isInteger(opts.runs) || opts.runs < 1) die('--runs takes a whole number >= 1'); }
  else if (a === '--only') opts.only = value().split(',').filter(Boolean);
  else if (a === '--tsv') opts.tsv = value();
  else if (a === '--max-minutes') { opts.maxMinutes = Number(value()); if (!(opts.maxMinutes > 0)) die('--max-minutes takes a positive number'); }
  else if (a === '--impl') { const [name, url] = pair(value()); if (name === 'vanilla') die('vanilla is built in'); opts.impls.push({ name, url }); }
  else if (a === '--ready') { const [name, sel] = pair(value()); opts.ready[name] = sel; }
  else if (a === '-h' || a === '--help') { console.log(usage); process.exit(0); }
  else die(`unknown argument '${a}'`);
}
if (opts.impls.length === 0) die('give at least one --impl NAME=URL (Rally\'s /jfb page)');
const ops = opts.only ? opts.only.map((k) => OPS.find((o) => o.key === k) ?? die(`unknown operation '${k}' (${OPS.map((o) => o.key).join(',')})`)) : OPS;

// Bounded: the whole run ends within --max-minutes, whatever the browser does.
setTimeout(() => { console.error(`run.mjs: still running after ${opts.maxMinutes} min; giving up`); process.exit(3); }, opts.maxMinutes * 60000);

// Clicks `sel`, resolves at the next frame with the time taken and the table as it is then.
function clickAndRead(sel) {
  return new Promise((resolve) => {
    const el = document.querySelector(sel);
    if (!el) { resolve({ error: `no element ${sel}` }); return; }
    const t0 = performance.now();
    el.click();
    requestAnimationFrame(() => setTimeout(() => {
      const ms = performance.now() - t0;
      const rows = [];
      let selected = 0;
      for (const tr of document.getElementById('tbody').children) {
        const id = Number(tr.children[0]?.textContent);
        rows.push([id, tr.querySelector('a.lbl')?.textContent ?? null]);
        if (tr.classList.contains('danger')) selected = selected ? -1 : id;  // -1: two rows selected
      }
      resolve({ ms, rows, selected });
    }));
  });
}

// The difference between what the page shows and the model, or '' when they agree.
function compare(state, model) {
  if (state.error) return state.error;
  if (state.rows.length !== model.rows.length) return `${state.rows.length} rows, expected ${model.rows.length}`;
  for (let i = 0; i < model.rows.length; i++) {
    const [id, label] = state.rows[i];
    if (id !== model.rows[i][0] || label !== model.rows[i][1])
      return `row ${i + 1} is ${id} "${label}", expected ${model.rows[i][0]} "${model.rows[i][1]}"`;
  }
  if (state.selected !== model.selected) return `selected row ${state.selected}, expected ${model.selected}`;
  return '';
}

async function measure(context, impl, op) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  try {
    await page.goto(impl.url, { waitUntil: 'load', timeout: 30000 });
    await page.waitForSelector(impl.ready, { state: 'attached', timeout: 30000 });
    const model = new Model();
    for (const click of op.before) {
      const state = await page.evaluate(clickAndRead, selector(click));
      model.apply(click);
      const wrong = compare(state, model);
      if (wrong) throw new Error(`after the untimed click ${click.join(' ')}: ${wrong}`);
    }
    await page.evaluate(() => window.gc());
    const state = await page.evaluate(clickAndRead, selector(op.timed));
    model.apply(op.timed);
    const wrong = compare(state, model);
    if (wrong) throw new Error(`at the end of the timed frame: ${wrong}`);
    if (errors.length) throw new Error('the page reported errors');
    return { ms: state.ms, digest: JSON.stringify([state.rows, state.selected]) };
  } catch (e) {
    // The page's own errors usually say why a table was wrong.
    if (errors.length) e.message += ` (page errors: ${errors.slice(0, 3).join(' | ')})`;
    throw e;
  } finally {
    await page.close();
  }
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (ms) => ms.toFixed(1);

const vanilla = await serve(0);
const impls = [{ name: 'vanilla', url: vanilla.url, ready: opts.ready.vanilla ?? 'html[data-ready="true"]' },
  ...opts.impls.map((i) => ({ ...i, ready: opts.ready[i.name] ?? 'html[data-rally-hydrated="true"]' }))];
const browser = await chromium.launch({
  executablePath: CHROMIUM, headless: true, chromiumSandbox: false,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc'],
});
const failures = new Map();  // impl name -> why it was dropped (vanilla failing ends the run)
const results = {};  // op key -> impl name -> [ms]
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  for (const op of ops) results[op.key] = Object.fromEntries(impls.map((i) => [i.name, []]));
  for (let run = 0; run < opts.runs; run++) {
    for (const op of ops) {
      let first = null;
      for (const impl of impls) {
        if (failures.has(impl.name)) continue;
        const where = `${impl.name}, ${op.key}, run ${run + 1}`;
        try {
          const r = await measure(context, impl, op);
          if (first === null) first = r.digest;
          else if (r.digest !== first) throw new Error('the table differs from vanilla\'s');
          results[op.key][impl.name].push(r.ms);
        } catch (e) {
          if (impl.name === 'vanilla') throw new Error(`${where}: ${e.message}`);
          failures.set(impl.name, `${where}: ${e.message}`);
          console.error(`run.mjs: ${where}: ${e.message} (no more runs of ${impl.name})`);
        }
      }
    }
    process.stderr.write(`# jfb: run ${run + 1} of ${opts.runs} done\n`);
  }
} catch (e) {
  console.error(`run.mjs: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
  await vanilla.close();
}
if (process.exitCode) process.exit(1);

// ---- report: per operation and page, the median, the ratio to vanilla and every run ----
const names = impls.map((i) => i.name).filter((n) => !failures.has(n));
const width = Math.max(28, ...ops.map((o) => o.name.length));
const nameWidth = Math.max(14, ...names.map((n) => n.length));
// TSV as bin/bench writes it: section, case, server, unit, median, ratio, runs.
const tsv = [];
console.log(`${'operation'.padEnd(width)}  ${'page'.padEnd(nameWidth)} ${'median ms'.padStart(9)} ${'/ vanilla'.padStart(9)}  runs (ms)`);
const logs = Object.fromEntries(names.map((n) => [n, []]));
for (const op of ops) {
  const base = median(results[op.key].vanilla);
  for (const name of names) {
    const runs = results[op.key][name];
    const med = median(runs);
    const ratio = med / base;
    logs[name].push(Math.log(ratio));
    console.log(`${(name === 'vanilla' ? op.name : '').padEnd(width)}  ${name.padEnd(nameWidth)} ${fmt(med).padStart(9)} ${ratio.toFixed(2).padStart(9)}  ${runs.map(fmt).join(' / ')}`);
    tsv.push(['jfb', op.key, name, 'ms', fmt(med), ratio.toFixed(3), runs.map(fmt).join(',')].join('\t'));
  }
}
for (const name of names.slice(1)) {
  const geo = Math.exp(logs[name].reduce((a, b) => a + b, 0) / logs[name].length);
  console.log(`${'geometric mean of the ratios'.padEnd(width)}  ${name.padEnd(nameWidth)} ${''.padStart(9)} ${geo.toFixed(2).padStart(9)}`);
  tsv.push(['jfb', 'geomean', name, 'ratio', '', geo.toFixed(3), ''].join('\t'));
}
console.log(`(ms from click() to the next frame, median of ${opts.runs} run(s), each on a fresh page; ${names.length} pages interleaved; every table checked)`);
for (const [name, why] of failures) {
  console.log(`${name}: FAILED, not measured: ${why}`);
  tsv.push(['jfb', 'failed', name, '', '', '', why.replace(/\s+/g, ' ')].join('\t'));
}
if (opts.tsv) writeFileSync(opts.tsv, `${tsv.join('\n')}\n`);
process.exit(failures.size ? 1 : 0);
