// `rally dev` on a new starter app, as a user runs it: the first build and serve, an edited view
// served by the restarted server, a compile error that leaves the last good server serving, the
// fix, and Ctrl-C stopping both. Built against this Rally build tree (RALLY_BIN is its `rally`).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const rally = process.env.RALLY_BIN;
const dir = mkdtempSync(join(tmpdir(), 'rally-dev-loop-'));
const app = join(dir, 'loop-app');
const page = join(app, 'src/web/pages/home_.hpp');
let dev;
let log = '';
const listeners = new Set();

after(async () => {
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
const listening = /listening on http:\/\/127\.0\.0\.1:(\d+)/;

async function heading(port) {
  const response = await fetch(`http://127.0.0.1:${port}/`);
  assert.equal(response.status, 200);
  return (await response.text()).match(/<h1>([^<]*)<\/h1>/)[1];
}

function edit(from, to) {
  const text = readFileSync(page, 'utf8');
  assert.ok(text.includes(from), `home_.hpp has ${from}`);
  writeFileSync(page, text.replace(from, to));
}

test('rally dev builds, serves, rebuilds on save, survives a compile error and stops on Ctrl-C', async () => {
  assert.ok(rally, 'RALLY_BIN must name the rally executable');
  execFileSync(rally, ['new', 'loop-app'], { cwd: dir });

  let started = Date.now();
  dev = spawn(rally, ['dev'], { cwd: app, env: { ...process.env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [dev.stdout, dev.stderr])
    stream.on('data', (d) => { log += d; for (const l of [...listeners]) l(); });
  let [, port] = await waitFor(listening, 0, 480000);
  console.log(`rally dev -> first page served (configure + first build): ${Date.now() - started} ms`);
  assert.equal(await heading(port), 'Tasks');

  // An edited view string: rebuilt, restarted, served.
  let from = log.length;
  started = Date.now();
  edit('text("Tasks")', 'text("Chores")');
  [, port] = await waitFor(listening, from, 120000);
  console.log(`view edit -> new server listening: ${Date.now() - started} ms`);
  assert.equal(await heading(port), 'Chores');
  assert.match(log.slice(from), /home_\.hpp changed; building loop_app/);

  // A compile error: the build fails, the diagnostics name the file and line, the last good
  // server keeps serving.
  from = log.length;
  edit('struct SetDraft', 'this is not C++;\nstruct SetDraft');
  await waitFor(/the build failed after .*the last good server keeps serving/, from, 120000);
  assert.match(log.slice(from), /src\/web\/pages\/home_\.hpp:\d+:\d+: error/);
  assert.equal(await heading(port), 'Chores', 'the previous server still answers');

  // The fix: served again.
  from = log.length;
  edit('this is not C++;\n', '');
  [, port] = await waitFor(listening, from, 120000);
  assert.equal(await heading(port), 'Chores');

  // Ctrl-C: rally dev stops the server and exits 0.
  dev.kill('SIGINT');
  const [code] = await once(dev, 'exit');
  assert.equal(code, 0, `rally dev exit status; it printed:\n${log.slice(from)}`);
  await assert.rejects(fetch(`http://127.0.0.1:${port}/`), 'the server is stopped too');
});
