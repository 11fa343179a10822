// rally dev's tools in a page of a dev server, which inlines this script in every page (development
// builds only; a Release server never does). window.rallyDevShow(status) shows rally dev's build
// status: a "Rebuilding…" badge while a build runs, an overlay of a failed build's diagnostics, a
// reload when the build changed only what the server serves. A page's client hands it the status it
// gets on its socket (rally_dev.js); a page without a client (a static page) opens a socket of its
// own, which only watches the build, and reloads when a restarted server tells it to. Every text
// goes in through textContent: diagnostics quote source code, which is never parsed as HTML.
(function() {
  'use strict';
  var el = function(tag, css, content) {
    var e = document.createElement(tag);
    e.style.cssText = css;
    if (content) e.textContent = content;
    return e;
  };

  window.rallyDevShow = function(text) {
    var nl = text.indexOf('\n');
    var state = nl < 0 ? text : text.slice(0, nl), detail = nl < 0 ? '' : text.slice(nl + 1);
    var old = document.getElementById('rally-dev');
    if (old) old.remove();
    if (state == 'reload') return location.reload();  // built; the files the server serves changed
    if (state != 'building' && state != 'failed') return;  // "ok": the server restarts, and the tab reloads
    var box;
    if (state == 'building') {
      box = el('div', 'position:fixed;right:1em;bottom:1em;z-index:2147483647;padding:.35em .8em;border-radius:.4em;' +
               'background:#1f2937;color:#f9fafb;font:13px system-ui,sans-serif', 'Rebuilding\u2026');
      box.setAttribute('role', 'status');
    } else {
      box = el('div', 'position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2em 1em;' +
               'background:rgba(17,24,39,.85);font:14px system-ui,sans-serif');
      box.setAttribute('role', 'alertdialog');
      box.setAttribute('aria-label', 'Build failed');
      var panel = el('div', 'max-width:60em;margin:0 auto;background:#fff;color:#111827;border-radius:.5em;' +
                     'border-top:.4em solid #dc2626;padding:1em 1.25em;box-shadow:0 10px 30px rgba(0,0,0,.4)');
      var close = el('button', 'float:right;font:inherit;border:1px solid #d1d5db;background:#f9fafb;border-radius:.3em;' +
                     'padding:.2em .6em;cursor:pointer', 'Hide');
      close.onclick = function() { box.remove(); };
      panel.appendChild(close);
      panel.appendChild(el('h2', 'margin:0 0 .5em;font-size:1.25em;color:#b91c1c', 'Build failed'));
      panel.appendChild(el('pre', 'margin:0;padding:.75em;background:#f3f4f6;border-radius:.3em;overflow:auto;' +
                           'white-space:pre-wrap;font:13px/1.45 ui-monospace,monospace', detail));
      panel.appendChild(el('p', 'margin:.75em 0 0;color:#4b5563',
                           'The last good server keeps serving this page. Save a fix: the page reloads when it builds.'));
      box.appendChild(panel);
    }
    box.id = 'rally-dev';
    box.dataset.state = state;
    document.body.appendChild(box);
  };

  if (document.getElementById('rally-data')) return;  // the page's client has a socket, and shows the status
  // The wire protocol's server frames (include/rally/wire.hpp): 5 is reload; 8 is a message, then the
  // 8-byte topic (wire::audience_dev, the only one this socket hears), the key's length (0) and the text.
  var stamp = document.getElementById('rally-dev-tools').dataset.dev, wait = 100;
  var connect = function() {
    var ws = new WebSocket((location.protocol == 'https:' ? 'wss://' : 'ws://') + location.host +
                           '/_rally/ws?watch=1&dev=' + encodeURIComponent(stamp));
    ws.binaryType = 'arraybuffer';
    ws.onopen = function() { wait = 100; };
    ws.onmessage = function(e) {
      var b = new Uint8Array(e.data);
      if (b[0] == 5) return location.reload();  // another server: rally dev restarted it with new code
      if (b[0] == 8 && b.length >= 10 && b[9] == 0) window.rallyDevShow(new TextDecoder().decode(b.subarray(10)));
    };
    ws.onclose = function() {  // the server is restarting: try again soon
      setTimeout(connect, wait);
      wait = Math.min(wait * 2, 2000);
    };
  };
  connect();
})();
