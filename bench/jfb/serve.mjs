// A static file server for the vanilla page (127.0.0.1 only): /, /vanilla.js and /jfb.css (the
// stylesheet Rally's /jfb page uses, bench/app/assets/jfb.css). run.mjs starts it itself;
// `node bench/jfb/serve.mjs [PORT]` serves it for a look in a browser.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const files = {
  '/': [here('vanilla.html'), 'text/html; charset=utf-8'],
  '/vanilla.js': [here('vanilla.js'), 'text/javascript; charset=utf-8'],
  '/jfb.css': [here('../app/assets/jfb.css'), 'text/css; charset=utf-8'],
};

// Resolves with { url, close } once listening on 127.0.0.1:port (0: any free port).
export function serve(port = 0) {
  const bodies = Object.fromEntries(Object.entries(files).map(([path, [file, type]]) => [path, [readFileSync(file), type]]));
  const server = createServer((req, res) => {
    const found = bodies[new URL(req.url, 'http://x').pathname];
    if (!found) { res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end('not found\n'); return; }
    res.writeHead(200, { 'Content-Type': found[1], 'Cache-Control': 'no-cache' });
    res.end(found[0]);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}/`,
      close: () => new Promise((done) => server.close(done)),
    }));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) { console.error('usage: node serve.mjs [PORT]'); process.exit(2); }
  const { url } = await serve(port);
  console.log(`listening on ${url}`);
}
