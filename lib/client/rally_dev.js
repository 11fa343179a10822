// Development builds only: what `rally dev` and the dev inspector need in the page (these functions
// are linked only when a development build's runtime calls them). The dev server relays its build
// status file on wire::audience_dev, and C++ hands it to rally_dev_status, which its page script
// (lib/server/dev_page.js) shows.
mergeInto(LibraryManager.library, {
  // The dev inspector: every message through a page's update and every server call, logged to the
  // console ("[rally] update home_ ← Increment{}"), and recordings of a tab's messages, which
  // rally::testing::replay folds through the page's update in a test (see docs/dev.md). Not named
  // rallyDev, which is the console API's name (window.rallyDev).
  $rallyInspector: {
    recording: null,  // {page, model, messages: [lines], left: the tab went to another page since}
    log: function(line) {
      var off = false;
      try { off = sessionStorage.getItem('rally-dev-log') == 'off'; } catch (e) {}  // no storage (a sandbox): log
      if (!off) console.log('[rally] ' + line);
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
        if (r.left)
          console.warn('[rally] the recording ends where the tab left page ' + r.page + ' (a navigation): it has the messages until then');
        return ['rally-recording 1', 'page ' + r.page, 'model ' + r.model].concat(r.messages).join('\n') + '\n';
      },
      // Turns the console log on or off, for this tab until it closes.
      log: function(on) {
        try { sessionStorage.setItem('rally-dev-log', on ? 'on' : 'off'); } catch (e) {}
      },
    };
  },

  rally_dev_recording__deps: ['$rallyInspector'],
  rally_dev_recording: function(page, pageN, model, modelN, why, whyN) {
    if (whyN > 0) return console.warn('[rally] cannot record: ' + UTF8ToString(why, whyN));
    rallyInspector.recording = {page: UTF8ToString(page, pageN), model: rallyInspector.base64(model, modelN), messages: [], left: false};
    rallyInspector.log('recording page ' + rallyInspector.recording.page);
  },

  rally_dev_update__deps: ['$rallyInspector'],
  rally_dev_update: function(page, pageN, text, textN, bytes, bytesN) {
    var name = UTF8ToString(page, pageN), line = UTF8ToString(text, textN), r = rallyInspector.recording;
    rallyInspector.log('update ' + name + ' \u2190 ' + line);
    if (r && !r.left && bytesN >= 0) r.messages.push('msg ' + rallyInspector.base64(bytes, bytesN) + ' ' + line);
  },

  rally_dev_page_shown__deps: ['$rallyInspector'],
  rally_dev_page_shown: function() {
    if (rallyInspector.recording) rallyInspector.recording.left = true;
  },

  rally_dev_call__deps: ['$rallyInspector'],
  rally_dev_call: function(text, textN) { rallyInspector.log(UTF8ToString(text, textN)); },

  // The stamp of the dev server that rendered the page (#rally-data's data-dev); -1: none.
  rally_dev_stamp__deps: ['$rally'],
  rally_dev_stamp: function() {
    var d = document.getElementById('rally-data');
    return rally.give(d && d.getAttribute('data-dev'));
  },

  // The dev server's own script (lib/server/dev_page.js, inlined in its pages) shows it.
  rally_dev_status: function(p, n) {
    if (window.rallyDevShow) window.rallyDevShow(UTF8ToString(p, n));
  },
});
