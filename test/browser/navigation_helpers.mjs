// Helpers for tests of client-side navigation: did the document reload, what went over the
// WebSocket, and what did the page show on the way.

// Resolves once the client has hydrated the page.
export async function waitHydrated(page) {
  await page.waitForFunction(() => document.documentElement.dataset.rallyHydrated === 'true');
}

// Sets a marker on `window`: it survives client-side navigation and is gone after any reload.
export async function setMarker(page) {
  await page.evaluate(() => { window.__rallyTestMarker = true; });
}
export async function hasMarker(page) {
  return page.evaluate(() => window.__rallyTestMarker === true);
}

// Path + query + hash of the page's current URL.
export async function currentPath(page) {
  return page.evaluate(() => location.pathname + location.search + location.hash);
}

// Collects the request frames (kind byte 1) the page sends on Rally's WebSocket, from now on.
// Call before page.goto to see the frames of the first load too.
export function recordRequests(page) {
  const sent = [];
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/_rally/ws')) return;
    ws.on('framesent', (frame) => {
      const bytes = frame.payload;
      if (typeof bytes !== 'string' && bytes.length && bytes[0] === 1) sent.push(Buffer.from(bytes));
    });
  });
  return sent;
}

// Records `document.title + ' ' + location.pathname` after every DOM change under #rally-root,
// so a test can check that a page was never shown (e.g. the answer of a superseded load).
// Read the record with `shownSoFar(page)`.
export async function recordShown(page) {
  await page.evaluate(() => {
    window.__rallyShown = [];
    new MutationObserver(() => window.__rallyShown.push(document.title + ' ' + location.pathname))
      .observe(document.getElementById('rally-root'), { subtree: true, childList: true, characterData: true });
  });
}
export async function shownSoFar(page) {
  return page.evaluate(() => window.__rallyShown || []);
}
