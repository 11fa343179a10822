// Development builds only: what `rally dev` needs in the page (these functions are linked only when
// a development build's runtime calls them). The dev server relays its build status file on
// wire::audience_dev, and C++ hands it to rally_dev_status. Its element lives outside #rally-root,
// so rendering never touches it, and every text goes in through textContent: diagnostics quote
// source code, which is never parsed as HTML.
mergeInto(LibraryManager.library, {
  // The stamp of the dev server that rendered the page (#rally-data's data-dev); -1: none.
  rally_dev_stamp__deps: ['$rally'],
  rally_dev_stamp: function() {
    var d = document.getElementById('rally-data');
    return rally.give(d && d.getAttribute('data-dev'));
  },

  rally_dev_status: function(p, n) {
    var text = UTF8ToString(p, n), nl = text.indexOf('\n');
    var state = nl < 0 ? text : text.slice(0, nl), detail = nl < 0 ? '' : text.slice(nl + 1);
    var old = document.getElementById('rally-dev');
    if (old) old.remove();
    if (state == 'reload') return location.reload();  // built; the files the server serves changed
    if (state != 'building' && state != 'failed') return;  // "ok": the server restarts, and the tab reloads
    var el = function(tag, css, content) {
      var e = document.createElement(tag);
      e.style.cssText = css;
      if (content) e.textContent = content;
      return e;
    };
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
  },
});
