// The console's entry: picks the page from the address's #fragment, renders it from the API every few seconds
// (skipping a round while the user types in a form), runs the pages' actions and shows their outcome or the API's
// error message, and asks for credentials when the server wants signatures.
// Runs on the browser's main thread.
import { ApiError, currentCredentials, isAuthError, signOut } from './api.js';
import { ecsPage } from './ecs.js';
import { loadBalancersPage } from './load-balancers.js';
import { askForCredentials } from './login.js';
import { MetricsHistory } from './metrics.js';
import { route53Page } from './route53.js';
import { targetGroupsPage } from './target-groups.js';

const PAGES = { 'load-balancers': loadBalancersPage, 'target-groups': targetGroupsPage, ecs: ecsPage,
  route53: route53Page };
const REFRESH_MS = 2000;
const history = new MetricsHistory();
const root = document.getElementById('page');
let rendering = false;
let again = false;
let signingIn = false;
let timer = null;

function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(p => p !== '').map(decodeURIComponent);
  const name = PAGES[parts[0]] ? parts[0] : 'load-balancers';
  return { name, page: PAGES[name], params: parts.slice(1) };
}

/** Shows text in the banner; an error in red. */
function show(text, isError) {
  const banner = document.getElementById('message');
  banner.textContent = text;
  banner.className = isError ? 'error' : '';
  banner.hidden = false;
}

function describe(error) {
  return error instanceof ApiError ? error.describe() : String(error.message || error);
}

/** Runs an action, shows what it did or the API's error, and refreshes the page at once. */
async function act(what, call) {
  show(what + '…', false);
  try {
    await call();
    show(what + ': done.', false);
  } catch (e) {
    show(`${what} failed: ${describe(e)}`, true);
  }
  if (document.activeElement) document.activeElement.blur();
  refresh(true);
}

/** True while the user has changed a field of the page that still has the focus: a refresh would discard it. */
function typing() {
  const active = document.activeElement;
  return Boolean(active && root.contains(active) && (active.tagName === 'INPUT' || active.tagName === 'TEXTAREA')
    && active.value !== active.defaultValue);
}

function showWho() {
  const credentials = currentCredentials();
  document.getElementById('who').textContent = credentials ? credentials.accessKeyId : '';
  document.getElementById('sign-out').hidden = !credentials;
}

async function signInAgain(error) {
  signingIn = true;
  root.replaceChildren();
  await askForCredentials(currentCredentials() ? describe(error) : null);
  signingIn = false;
  showWho();
  refresh(true);
}

/**
 * Renders the current page once. A round is skipped while the user types (unless they navigated or acted: force);
 * a call made while a round runs makes another round follow it, so a navigation or an action is never lost.
 */
async function refresh(force = false) {
  clearTimeout(timer);
  timer = setTimeout(refresh, REFRESH_MS);
  if (rendering) {
    again = true;
    return;
  }
  if (signingIn || (!force && typing())) return;
  rendering = true;
  const { name, page, params } = route();
  const shown = location.hash;
  try {
    await history.scrape().catch(() => {});
    const nodes = await page({ history, act }, params);
    if ((force || !typing()) && location.hash === shown) {
      root.replaceChildren(...nodes);
      document.getElementById('refreshed').textContent = 'Refreshed ' + new Date().toLocaleTimeString();
    }
  } catch (e) {
    if (isAuthError(e)) {
      rendering = false;
      signInAgain(e);
      return;
    }
    show(describe(e), true);
  } finally {
    rendering = false;
  }
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.page === name);
  if (again) {
    again = false;
    refresh(true);
  }
}

document.getElementById('sign-out').addEventListener('click', () => {
  signOut();
  showWho();
  refresh(true);
});
window.addEventListener('hashchange', () => {
  document.getElementById('message').hidden = true;
  refresh(true);
});
showWho();
refresh(true);
