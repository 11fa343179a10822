// Shared pieces of the browser tests: start an app server on an ephemeral loopback port, stop it
// by PID, and launch Debian's Chromium headless through playwright-core.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.RALLY_CHROMIUM || '/usr/lib/chromium/chromium';

// A free loopback port, asked of the kernel, for a server that must come back on the same port
// (rally dev restarts the app's server, and the open tab reconnects to where it was).
export async function freePort() {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address();
  probe.close();
  await once(probe, 'close');
  return port;
}

// Starts `binary` with PORT=0 and resolves with {url, stop} once it prints its address.
export async function startServer(binary, env = {}) {
  const child = spawn(binary, [], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not report its address:\n${out}${log}`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${out}${log}`)); });
  });
  return {
    url,
    pid: child.pid,
    log: () => log,
    // Sends the server a signal by its PID (SIGSTOP: it stops answering; SIGKILL: its sockets close
    // without a goodbye); `exited` resolves once it has ended.
    signal(name) { process.kill(child.pid, name); },
    exited: () => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, 'exit')),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      process.kill(child.pid, 'SIGTERM');
      const [code] = await once(child, 'exit');
      return code;
    },
  };
}

// A headless Chromium with a fresh profile; `close()` removes the profile.
export async function launchBrowser({ javaScriptEnabled = true } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'rally-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    javaScriptEnabled,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Collects console errors and uncaught exceptions of a page.
export function watchErrors(page) {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}
