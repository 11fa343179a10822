// Development builds only: what `rally dev` needs in the page (these functions are linked only when
// a development build's runtime calls them). The dev server relays its build status file on
// wire::audience_dev, and C++ hands it to rally_dev_status. Its element lives outside #rally-root,
// so rendering never touches it, and every text goes in through textContent: diagnostics quote
// source code, which is never parsed as HTML.
mergeInto(LibraryManager.library, {
  // The dev inspector: every message through a page's update and every server call, logged to the
  // console ("[rally] update home_ ← Increment{}"), and recordings of a tab's messages, which
  // rally::testing::replay folds through the page's update in a test (see docs/dev.md). Not named
  // rallyDev: the glue's top-level names are the window's, and window.rallyDev is the console API.
  $rallyInspector: {
    recording: null,  // {page, model, messages: [lines], other: pages whose messages were left out}
    log: function(line) {
      if (sessionStorage.getItem('rally-dev-log') != 'off') console.log('[rally] ' + line);
    },
    base64: function(p, n) {
      var s = '';
      for (var i = 0; i < n; i += 0x8000) s += String.fromCharCode.apply(null, HEAPU8.subarray(p + i, p + Math.min(n, i + 0x8000)));
      return btoa(s);
    },
  },

  rally_dev_install__deps: ['$rallyInspector'],
  rally_dev_install: function() {
    window.rallyDev = {
      // Starts recording the current page's messages (again, if one runs).
      record: function() {
        rallyInspector.recording = null;
        _rally_dev_record();
        return !!rallyInspector.recording;
      },
      // Ends the recording: its text, for a file a test reads with rally::testing::replay.
      stop: function() {
        var r = rallyInspector.recording;
        rallyInspector.recording = null;
        if (!r) {
          console.warn('[rally] no recording runs: call rallyDev.record() first');
          return null;
        }
        if (r.other.length)
          console.warn('[rally] the recording has only page ' + r.page + "'s messages, not those of " + r.other.join(', '));
        return ['rally-recording 1', 'page ' + r.page, 'model ' + r.model].concat(r.messages).join('\n') + '\n';
      },
      // Turns the console log on or off, for this tab until it closes.
      log: function(on) { sessionStorage.setItem('rally-dev-log', on ? 'on' : 'off'); },
    };
  },

  rally_dev_recording__deps: ['$rallyInspector'],
  rally_dev_recording: function(page, pageN, model, modelN, why, whyN) {
    if (whyN > 0) return console.warn('[rally] cannot record: ' + UTF8ToString(why, whyN));
    rallyInspector.recording = {page: UTF8ToString(page, pageN), model: rallyInspector.base64(model, modelN), messages: [], other: []};
    rallyInspector.log('recording page ' + rallyInspector.recording.page);
  },

  rally_dev_update__deps: ['$rallyInspector'],
  rally_dev_update: function(page, pageN, text, textN, bytes, bytesN) {
    var name = UTF8ToString(page, pageN), line = UTF8ToString(text, textN), r = rallyInspector.recording;
    rallyInspector.log('update ' + name + ' \u2190 ' + line);
    if (!r) return;
    if (r.page != name) {
      if (r.other.indexOf(name) < 0) r.other.push(name);
    } else if (bytesN >= 0) {
      r.messages.push('msg ' + rallyInspector.base64(bytes, bytesN) + ' ' + line);
    }
  },

  rally_dev_call__deps: ['$rallyInspector'],
  rally_dev_call: function(text, textN) { rallyInspector.log(UTF8ToString(text, textN)); },

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
