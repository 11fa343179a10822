// Accounts in the chat app, through its real forms (plain HTML forms posted to the server, so the
// same steps work with JavaScript off).
import * as auth from './auth_helpers.mjs';

export const PASSWORD = auth.PASSWORD;

// A name no other visitor of this run has: `ada` becomes `ada-1`, `ada-2`, ...
let counter = 0;
export function uniqueName(base) {
  counter += 1;
  return `${base}-${counter}`;
}

// The todo's account steps (auth_helpers.mjs) with the chat's login field, `name`.
export function submitCredentials(page, name, password, options = {}) {
  return auth.submitCredentials(page, name, password, { ...options, field: 'name' });
}
export function signUp(page, baseUrl, name, options = {}) {
  return auth.signUp(page, baseUrl, name, { ...options, field: 'name' });
}
export function signIn(page, baseUrl, name, options = {}) {
  return auth.signIn(page, baseUrl, name, { ...options, field: 'name' });
}
export const signOut = auth.signOut;

// GETs `path` outside the browser with the browser's session cookie, without following
// redirects: what the server answers that session.
export async function fetchAs(baseUrl, path, context) {
  const cookie = context && (await auth.sessionCookie(context));
  return auth.fetchAs(baseUrl, path, cookie && cookie.value);
}
