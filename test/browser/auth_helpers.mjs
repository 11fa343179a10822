// Signing up, in and out of the todo app through its real forms, as a user does. They are plain
// HTML forms posted to the server, so the same steps work with JavaScript off.
import { waitHydrated } from './navigation_helpers.mjs';

export const PASSWORD = 'correct horse battery';

// Fills and submits the sign-up or sign-in form on the page. Resolves with the response of the
// document the browser ends on: after a 303, the page it was sent to; after a mistake, the form
// again (422). With JavaScript on it waits for hydration first, so that the steps run against the
// live page (typing before hydration is covered by its own test in auth.test.mjs). `field` names
// the login input: the todo's `email`, the chat's `name`.
export async function submitCredentials(page, login, password, { javaScript = true, field = 'email' } = {}) {
  if (javaScript) await waitHydrated(page);
  await page.fill(`form.auth-form input[name=${field}]`, login);
  await page.fill('form.auth-form input[name=password]', password);
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.click('form.auth-form button[type=submit]'),
  ]);
  return response;
}

// Opens /sign_up (or /sign_in), with ?next= when given, and submits the form.
export async function signUp(page, baseUrl, login, { password = PASSWORD, next, javaScript, field } = {}) {
  await page.goto(baseUrl + '/sign_up' + nextQuery(next));
  return submitCredentials(page, login, password, { javaScript, field });
}
export async function signIn(page, baseUrl, login, { password = PASSWORD, next, javaScript, field } = {}) {
  await page.goto(baseUrl + '/sign_in' + nextQuery(next));
  return submitCredentials(page, login, password, { javaScript, field });
}

// The layout's "Sign out" button (a form posted to /sign_out, answered with a 303).
export async function signOut(page) {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.click('header form.sign-out button[type=submit]'),
  ]);
  return response;
}

function nextQuery(next) {
  return next === undefined ? '' : '?next=' + encodeURIComponent(next);
}

// The browser's rally_session cookie (undefined when it has none).
export async function sessionCookie(context) {
  return (await context.cookies()).find((c) => c.name === 'rally_session');
}

// GETs `path` outside the browser with this session cookie value, without following redirects:
// what the server answers that session.
export async function fetchAs(baseUrl, path, cookieValue) {
  const response = await fetch(baseUrl + path, {
    headers: cookieValue ? { cookie: `rally_session=${cookieValue}` } : {},
    redirect: 'manual',
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

// Path and query of the page's URL.
export function pathOf(page) {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

// Console errors other than the browser's own line for a non-2xx answer (a 422 form, a 404 page),
// which the tests cause on purpose.
export function appErrors(errors) {
  return errors.filter((e) => !e.startsWith('Failed to load resource'));
}
