// Opens the client script (linked with --extern-pre-js; script_end.js closes it). Inside one
// function Emscripten's glue and Rally's JS keep their names to themselves: no globals.
// Emscripten's minimal runtime fetches "<ns>.wasm" relative to the page, so a page at a nested URL
// would miss it: this `fetch` resolves a .wasm name against the script's own URL, next to which it
// lives, and leaves any other request as it is. document.currentScript is the script while it
// runs, `defer` or not, and the wasm is fetched then.
(function() {
  var scriptUrl = document.currentScript.src;
  var fetch = function(url, init) {
    return window.fetch(/\.wasm$/.test(url) ? new URL(url, scriptUrl) : url, init);
  };
  // The runtime's `var Module = Module;` keeps this object. An unoptimized (Debug) link's
  // assertions look names up on it, and would throw on undefined.
  var Module = {};
