// Closes the client script (linked with --extern-post-js; see script_begin.js).
})();
