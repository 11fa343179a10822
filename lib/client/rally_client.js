// The browser side of Rally's WASM client, linked with `--js-library`. It is kept to glue: a
// handle table for DOM nodes, event listeners, timers and the WebSocket. All decisions are made in
// C++ (lib/client/*.cpp), which calls the `rally_*` functions below and is called back through
// the exported `_rally_on_*` functions.
//
// Strings from JS to C++ go in two steps so that C++ owns the memory (no exported malloc): a
// function leaves the string's UTF-8 bytes in `rally.bytes` and returns their length (-1 for "none"),
// then C++ allocates and calls rally_take. Bytes (a socket's frame, decoded base64) work the same
// way. C++ always takes them right away, so one slot serves all.
mergeInto(LibraryManager.library, {
  // std::abort: rally::fail after its console message, libc++'s fatal errors, a failed allocation.
  // The minimal runtime's own abort throws an empty string: an Error names the stop and has a stack.
  abort: function() {
    throw new Error('rally: the client stopped (abort); the page stays as it is, reload it');
  },
  $rally: {
    nodes: [null],  // handle -> Node; handle 0 is "none". C++ numbers the handles (js_dom.cpp).
    names: [],      // tag, attribute and property names of rally_dom_apply, by index
    decoder: null,  // a TextDecoder, made at first use (library values are written out as source)
    encoder: null,  // a TextEncoder, the same way
    bytes: null,
    root: null,
    event: null,
    path: [],
    ws: null,
    leaving: false,
    // The node's handle; one it has none yet gets `proposed`, which C++ allocated for it.
    handle: function(node, proposed) {
      if (!node) return 0;
      var h = node.__rallyHandle;
      if (h) return h;
      rally.nodes[proposed] = node;
      node.__rallyHandle = proposed;
      return proposed;
    },
    // The browser's encoder, not Emscripten's: less script, and a lone surrogate becomes U+FFFD
    // (valid UTF-8) rather than bytes that C++ would have to repair.
    give: function(s) {
      if (s === null || s === undefined) return -1;
      rally.bytes = (rally.encoder || (rally.encoder = new TextEncoder())).encode(String(s));
      return rally.bytes.length;
    },
  },

  rally_take__deps: ['$rally'],
  // C++ made room for the bytes (its std::string has the terminator of a string).
  rally_take: function(buf) { HEAPU8.set(rally.bytes, buf); rally.bytes = null; },

  rally_log: function(level, ptr, len) {
    var m = UTF8ToString(ptr, len);
    if (level >= 2) console.error(m); else if (level == 1) console.warn(m); else console.log(m);
  },

  // ---- Boot data ----
  rally_root__deps: ['$rally'],
  rally_root: function(proposed) {
    rally.root = document.getElementById('rally-root');
    addEventListener('pagehide', function() { rally.leaving = true; });
    addEventListener('pageshow', function() { rally.leaving = false; rally.submitting = false; });
    // A form the browser posts (no on_submit took it): this document is about to be replaced by
    // the answer, which decides where the tab goes (a sign-in's pushes must not race it).
    addEventListener('submit', function(e) { if (!e.defaultPrevented) rally.submitting = true; });
    return rally.handle(rally.root, proposed);
  },
  rally_submitting__deps: ['$rally'],
  rally_submitting: function() { return rally.submitting || rally.leaving ? 1 : 0; },
  // Marks the document once the page is interactive: tests and scripts wait on it.
  rally_mark_hydrated: function() { document.documentElement.dataset.rallyHydrated = 'true'; },
  // field: 0 data-page, 1 data-contract, 4 data-csrf.
  rally_boot_data__deps: ['$rally'],
  rally_boot_data: function(field) {
    var d = document.getElementById('rally-data');
    return d ? rally.give(d.getAttribute(field == 0 ? 'data-page' : field == 1 ? 'data-contract' : 'data-csrf')) : -1;
  },
  rally_set_csrf: function(p, n) {
    var d = document.getElementById('rally-data');
    if (d) d.setAttribute('data-csrf', UTF8ToString(p, n));
  },
  // The page's model (field 2: the element's text) or the client context (3: data-context), decoded
  // from base64 by the browser's atob into rally.bytes: their length, -1 when absent, -2 when not
  // base64. (C++'s decoder was 0.25 KB gzip of every bundle.)
  rally_boot_bytes__deps: ['$rally'],
  rally_boot_bytes: function(field) {
    var d = document.getElementById('rally-data'), v = d && (field == 2 ? d.textContent : d.getAttribute('data-context'));
    if (v == null) return -1;
    try { v = atob(v); } catch (e) { return -2; }  // atob skips the whitespace around the model's text
    rally.bytes = Uint8Array.from(v, function(c) { return c.charCodeAt(0); });
    return v.length;
  },
  // The server's RALLY_CALL_TIMEOUT_MS (data-call-timeout) in ms; -1 when unset or not a count.
  // Parsed here: C++'s std::from_chars cost the counter's bundle ~440 B gzip.
  rally_call_timeout: function() {
    var d = document.getElementById('rally-data'), v = d && d.getAttribute('data-call-timeout');
    return v && /^[0-9]{1,9}$/.test(v) ? +v : -1;
  },

  // ---- DOM ----
  // Reads (C++ flushes its buffered writes first).
  rally_dom_first_child__deps: ['$rally'],
  rally_dom_first_child: function(h, p) { return rally.handle(rally.nodes[h].firstChild, p); },
  rally_dom_next_sibling__deps: ['$rally'],
  rally_dom_next_sibling: function(h, p) { return rally.handle(rally.nodes[h].nextSibling, p); },
  // 0 element, 1 text, 2 comment, 3 other (the order of rally::dom::NodeType)
  rally_dom_node_type__deps: ['$rally'],
  rally_dom_node_type: function(h) {
    var t = rally.nodes[h].nodeType;
    return t == 1 ? 0 : t == 3 ? 1 : t == 8 ? 2 : 3;
  },
  rally_dom_tag__deps: ['$rally'],
  rally_dom_tag: function(h) { return rally.give(rally.nodes[h].localName); },
  rally_dom_text__deps: ['$rally'],
  rally_dom_text: function(h) { return rally.give(rally.nodes[h].data); },
  // Attribute names cannot contain spaces, so one space-joined string carries them all.
  rally_dom_attr_names__deps: ['$rally'],
  rally_dom_attr_names: function(h) { return rally.give(rally.nodes[h].getAttributeNames().join(' ')); },
  rally_dom_get_value__deps: ['$rally'],
  rally_dom_get_value: function(h) {
    var node = rally.nodes[h];
    return typeof node.value === 'string' ? rally.give(node.value) : -1;
  },
  rally_dom_dispatch_input__deps: ['$rally'],
  rally_dom_dispatch_input: function(h) { rally.nodes[h].dispatchEvent(new Event('input', { bubbles: true })); },
  rally_dom_get_attr__deps: ['$rally'],
  rally_dom_get_attr: function(h, n, nl) { return rally.give(rally.nodes[h].getAttribute(UTF8ToString(n, nl))); },

  // Writes: one call per flush runs the command buffer of js_dom.cpp. `p` points at `n` 32-bit
  // words; strings are [offset, length] in UTF-16 units of the arena (s, sl bytes of UTF-8),
  // decoded once; names are indexes into rally.names, each defined once (opcode 11).
  rally_dom_apply__deps: ['$rally'],
  rally_dom_apply: function(p, n, s, sl) {
    var str = sl ? (rally.decoder || (rally.decoder = new TextDecoder())).decode(HEAPU8.subarray(s, s + sl)) : '';
    var w = HEAPU32, i = p >> 2, end = i + n, nodes = rally.nodes, names = rally.names, node, v;
    while (i < end) {
      switch (w[i]) {
        case 0:  // create element: handle, name
          node = document.createElement(names[w[i + 2]]);
          node.__rallyHandle = w[i + 1];
          nodes[w[i + 1]] = node;
          i += 3;
          break;
        case 1:  // create text: handle, string
          node = document.createTextNode(str.substr(w[i + 2], w[i + 3]));
          node.__rallyHandle = w[i + 1];
          nodes[w[i + 1]] = node;
          i += 4;
          break;
        case 2:  // set attribute: handle, name, string
          nodes[w[i + 1]].setAttribute(names[w[i + 2]], str.substr(w[i + 3], w[i + 4]));
          i += 5;
          break;
        case 3:  // remove attribute: handle, name
          nodes[w[i + 1]].removeAttribute(names[w[i + 2]]);
          i += 3;
          break;
        case 4:  // set property: handle, name, string. Writing an equal value would still move
                 // the caret of a focused input in some browsers.
          node = nodes[w[i + 1]];
          v = str.substr(w[i + 3], w[i + 4]);
          if (node[names[w[i + 2]]] !== v) node[names[w[i + 2]]] = v;
          i += 5;
          break;
        case 5:  // set boolean property: handle, name, 0/1
          node = nodes[w[i + 1]];
          v = !!w[i + 3];
          if (node[names[w[i + 2]]] !== v) node[names[w[i + 2]]] = v;
          i += 4;
          break;
        case 6:  // set text: handle, string
          nodes[w[i + 1]].data = str.substr(w[i + 2], w[i + 3]);
          i += 4;
          break;
        case 7:  // insert before: parent, child, before (0: append)
          nodes[w[i + 1]].insertBefore(nodes[w[i + 2]], w[i + 3] ? nodes[w[i + 3]] : null);
          i += 4;
          break;
        case 8:  // remove child: parent, child
          nodes[w[i + 1]].removeChild(nodes[w[i + 2]]);
          i += 3;
          break;
        case 9:  // remove every child: parent
          nodes[w[i + 1]].textContent = '';
          i += 2;
          break;
        case 10:  // release: handle
          node = nodes[w[i + 1]];
          if (node) { node.__rallyHandle = 0; nodes[w[i + 1]] = null; }  // 0, not delete: keeps the node's shape
          i += 2;
          break;
        case 11:  // define name: index, string
          names[w[i + 1]] = str.substr(w[i + 2], w[i + 3]);
          i += 4;
          break;
        default:
          throw new Error('rally: bad DOM command ' + w[i]);
      }
    }
  },

  // ---- Events: one listener per type on the root ----
  // Events that do not bubble are caught in the capture phase and go to their target only.
  rally_listen__deps: ['$rally'],
  rally_listen: function(index, n, nl) {
    var type = UTF8ToString(n, nl);
    var bubbles = ['focus', 'blur', 'mouseenter', 'mouseleave', 'load', 'error', 'scroll', 'toggle'].indexOf(type) < 0;
    rally.root.addEventListener(type, function(e) {
      var path = [];
      for (var n = e.target; n && n !== rally.root; n = n.parentNode) {
        if (n.__rallyHandle) path.push(n.__rallyHandle);
        if (!e.bubbles) break;
      }
      if (!path.length) return;
      rally.event = e;
      rally.path = path;
      try { _rally_on_event(index, path.length); } finally { rally.event = null; rally.path = []; }
    }, !bubbles);
  },
  rally_event_path__deps: ['$rally'],
  rally_event_path: function(i) { return rally.path[i]; },
  // field: 0 target.value, 1 key, 2 target.checked (as "1"/"")
  rally_event_data__deps: ['$rally'],
  rally_event_data: function(field) {
    var e = rally.event, t = e.target;
    if (field == 0) return rally.give(t && typeof t.value == 'string' ? t.value : '');
    if (field == 1) return rally.give(typeof e.key == 'string' ? e.key : '');
    return rally.give(t && t.checked ? '1' : '');
  },
  rally_event_control__deps: ['$rally'],
  rally_event_control: function(prevent, stop) {
    if (prevent) rally.event.preventDefault();
    if (stop) rally.event.stopPropagation();
  },

  // ---- Scheduling ----
  rally_set_timeout: function(id, ms) { return setTimeout(function() { _rally_on_timer(id); }, ms); },
  rally_clear_timeout: function(token) { clearTimeout(token); },
  // A microtask runs right after the current event handler, before the browser paints.
  rally_schedule_render: function() { queueMicrotask(function() { _rally_on_render(); }); },
  rally_random: function() { return Math.random(); },

  // ---- Navigation ----
  // The current path + query.
  rally_location__deps: ['$rally'],
  rally_location: function() { return rally.give(location.pathname + location.search); },
  // Makes the hydrated page the current history entry and starts intercepting links and
  // back/forward. The click listener is on the document and
  // runs after the page's own handlers (which bubble to the root first), so a handler that
  // prevents the default keeps the link from navigating at all.
  rally_nav_start__deps: ['$rally'],
  rally_nav_start: function() {
    history.replaceState({rally: 1}, '', location.href);
    document.addEventListener('click', function(e) {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      var t = e.target;
      if (t && t.nodeType !== 1) t = t.parentElement;
      var a = t && t.closest('a[href]');
      if (!a || !(a instanceof HTMLAnchorElement) || a.hasAttribute('download')) return;
      var target = a.getAttribute('target');
      if (target && target !== '_self') return;
      if (a.getAttribute('href').charAt(0) === '#') return;  // in-page anchor: the browser scrolls
      var u = new URL(a.href);
      if (u.origin !== location.origin) return;
      if (u.hash && u.pathname === location.pathname && u.search === location.search) return;
      if (_rally_on_link(rally.give(u.pathname + u.search + u.hash))) e.preventDefault();
    });
    addEventListener('popstate', function() {
      _rally_on_popstate(rally.give(location.pathname + location.search + location.hash));
    });
  },
  // A URL as this origin's path + query + hash, or -1 for another origin.
  rally_resolve_url__deps: ['$rally'],
  rally_resolve_url: function(p, pl) {
    var u = new URL(UTF8ToString(p, pl), location.href);
    return u.origin === location.origin ? rally.give(u.pathname + u.search + u.hash) : -1;
  },
  rally_history: function(replace, p, pl) {
    var url = UTF8ToString(p, pl);
    if (replace) history.replaceState({rally: 1}, '', url); else history.pushState({rally: 1}, '', url);
  },
  rally_full_load: function(replace, p, pl) {
    var url = UTF8ToString(p, pl);
    if (replace) location.replace(url); else location.assign(url);
  },
  rally_set_title: function(p, pl) {
    var t = UTF8ToString(p, pl);
    if (document.title !== t) document.title = t;
  },
  // After showing a pushed page: to its #fragment if it has one, else to the top.
  rally_scroll_to: function(p, pl) {
    var id = UTF8ToString(p, pl), el = null;
    if (id) { try { el = document.getElementById(decodeURIComponent(id)); } catch (e) {} }
    if (el) el.scrollIntoView(); else scrollTo(0, 0);
  },

  // ---- WebSocket ----
  rally_ws_open__deps: ['$rally'],
  rally_ws_open: function(p, pl) {
    var url = (location.protocol == 'https:' ? 'wss://' : 'ws://') + location.host + UTF8ToString(p, pl);
    var ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    rally.ws = ws;
    ws.onopen = function() { if (rally.ws === ws) _rally_on_ws_open(); };
    ws.onclose = function() { if (rally.ws === ws) { rally.ws = null; if (!rally.leaving) _rally_on_ws_close(); } };
    ws.onmessage = function(e) {
      if (rally.ws !== ws || typeof e.data == 'string') return;
      rally.bytes = new Uint8Array(e.data);
      _rally_on_ws_message(rally.bytes.length);
    };
  },
  rally_ws_send__deps: ['$rally'],
  rally_ws_send: function(p, len) {
    if (!rally.ws || rally.ws.readyState != 1) return 0;
    rally.ws.send(HEAPU8.slice(p, p + len));
    return 1;
  },
  rally_ws_close__deps: ['$rally'],
  rally_ws_close: function() { if (rally.ws) { var ws = rally.ws; rally.ws = null; ws.close(); } },

  // 0 connecting, 1 open, 2 reconnecting, 3 closed for good (the page is out of date).
  rally_connection_state: function(state) {
    var names = ['connecting', 'open', 'reconnecting', 'closed'];
    document.documentElement.dataset.rallyConnection = names[state];
    var banner = document.getElementById('rally-status');
    if (state < 2) { if (banner) banner.remove(); return; }
    if (!banner) {
      banner = document.createElement('div');
      banner.id = 'rally-status';
      banner.setAttribute('role', 'status');
      banner.style.cssText = 'position:fixed;bottom:1em;left:50%;transform:translateX(-50%);z-index:2147483647;' +
        'padding:.4em .9em;border-radius:.4em;background:#333;color:#fff;font:14px system-ui,sans-serif';
      document.body.appendChild(banner);
    }
    banner.textContent = state == 2 ? 'Reconnecting\u2026' : 'This page is out of date. Reload it to continue.';
  },

  // The server says the client was built from other headers (or, a dev server, that it restarted
  // with new code). Reloads at most once per `guard` ms per tab (sessionStorage), so a server that
  // keeps saying it cannot make the page reload forever.
  rally_reload: function(p, pl, guard) {
    var reason = UTF8ToString(p, pl), now = Date.now(), last = 0;
    try { last = +sessionStorage.getItem('rally-reload') || 0; } catch (e) {}
    if (now - last < guard) {
      console.error('rally: the server still asks for a reload (' + reason + ') right after one; not reloading again');
      return 0;
    }
    try { sessionStorage.setItem('rally-reload', String(now)); } catch (e) {}
    location.reload();
    return 1;
  },
});
