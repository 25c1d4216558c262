// The single-page app: hash routes, the top bar, the token form, and the polling loop each
// page registers with its context (stopped when the route changes).
//
//   #/                 overview          page-overview.js
//   #/jobs/<id>        a job's graph     page-job.js
//   #/checkpoints      checkpoints       page-checkpoints.js
//   #/views            views             page-views.js
//   #/views/<name>     a view's lag      page-views.js
//   #/sql              SQL editor        page-sql.js

import {api, ApiError, onUnauthorized, setToken, token} from './api.js';
import {h, replace, setText} from './dom.js';
import * as format from './format.js';
import * as overviewPage from './page-overview.js';
import * as jobPage from './page-job.js';
import * as checkpointsPage from './page-checkpoints.js';
import * as viewsPage from './page-views.js';
import * as sqlPage from './page-sql.js';

const routes = [
  {pattern: /^\/?$/, nav: 'overview', title: 'Overview', render: overviewPage.render},
  {pattern: /^\/jobs\/(.+)$/, nav: 'overview', title: 'Job', render: jobPage.render},
  {pattern: /^\/checkpoints\/?$/, nav: 'checkpoints', title: 'Checkpoints', render: checkpointsPage.render},
  {pattern: /^\/views\/?$/, nav: 'views', title: 'Views', render: viewsPage.renderList},
  {pattern: /^\/views\/(.+)$/, nav: 'views', title: 'View', render: viewsPage.renderView},
  {pattern: /^\/sql\/?$/, nav: 'sql', title: 'SQL', render: sqlPage.render},
];

let current = null;
let authOpen = false;

/**
 * What a page gets: every(ms, task) runs task now and then every ms while the page is shown
 * (never two at once, never while the token form is open); listen() adds an event listener
 * for as long; alive() is false once the user left; showError(error) shows a failed refresh
 * in the page's banner.
 */
class PageContext {
  constructor(banner) {
    this.banner = banner;
    this.timers = [];
    this.removals = [];
    this.disposed = false;
  }

  /** Adds an event listener that is removed when the user leaves the page. */
  listen(target, type, handler) {
    target.addEventListener(type, handler);
    this.removals.push(() => target.removeEventListener(type, handler));
  }

  alive() {
    return !this.disposed;
  }

  every(ms, task) {
    let running = false;
    const tick = async () => {
      if (running || authOpen || this.disposed) {
        return;
      }
      running = true;
      try {
        await task();
        if (!this.disposed) {
          this.clearError();
        }
      } catch (error) {
        if (!this.disposed) {
          this.showError(error);
        }
      } finally {
        running = false;
      }
    };
    tick();
    this.timers.push(setInterval(tick, ms));
  }

  showError(error) {
    if (error instanceof ApiError && error.status === 401) {
      return;
    }
    const detail = error instanceof ApiError
      ? [h('span', {class: 'sqlstate'}, error.sqlstate || 'HTTP ' + error.status), ' ', error.message]
      : [String(error && error.message ? error.message : error)];
    replace(this.banner, h('div', {class: 'alert alert-bad'}, detail));
  }

  clearError() {
    if (this.banner.firstChild) {
      replace(this.banner);
    }
  }

  dispose() {
    this.disposed = true;
    this.timers.forEach(clearInterval);
    this.removals.forEach(remove => remove());
  }
}

function route() {
  const path = (location.hash || '#/').slice(1) || '/';
  for (const candidate of routes) {
    const match = candidate.pattern.exec(path);
    if (match) {
      try {
        return {route: candidate, params: match.slice(1).map(decodeURIComponent)};
      } catch (malformed) {
        return null;
      }
    }
  }
  return null;
}

function show() {
  if (current) {
    current.dispose();
  }
  const main = document.getElementById('main');
  const banner = h('div', {class: 'banner'});
  const page = h('div', {class: 'page'});
  replace(main, banner, page);
  current = new PageContext(banner);
  const found = route();
  for (const link of document.querySelectorAll('.nav-link')) {
    link.classList.toggle('active', Boolean(found) && link.dataset.nav === found.route.nav);
  }
  if (!found) {
    document.title = 'Not found \u00b7 RockStream';
    replace(page, h('div', {class: 'card'}, h('h1', null, 'Page not found'),
      h('p', null, 'No page at ', h('code', null, location.hash), '. ', h('a', {href: '#/'}, 'Back to the overview'))));
    return;
  }
  document.title = found.route.title + ' \u00b7 RockStream';
  found.route.render(page, current, ...found.params);
}

// The token form: shown when a call answers 401 (missing or wrong token).

function openTokenForm(error) {
  const dialog = document.getElementById('token-dialog');
  const message = document.getElementById('token-message');
  setText(message, token()
    ? 'The server refused the saved token (' + (error.message || 'SQLSTATE 28000') + '). Enter the right one.'
    : 'This server needs an access token. Enter the token it was started with.');
  if (!authOpen) {
    authOpen = true;
    dialog.hidden = false;
    const input = document.getElementById('token-input');
    input.value = '';
    input.focus();
  }
}

function submitToken(event) {
  event.preventDefault();
  const value = document.getElementById('token-input').value.trim();
  if (!value) {
    return;
  }
  setToken(value);
  authOpen = false;
  document.getElementById('token-dialog').hidden = true;
  updateTokenButton();
  refreshStatus();
  show();
}

function updateTokenButton() {
  document.getElementById('token-button').hidden = !token();
}

function forgetToken() {
  setToken('');
  updateTokenButton();
  show();
  refreshStatus();
}

// The status pill in the top bar: health and epoch, from the overview every 2 s.

async function refreshStatus() {
  if (authOpen) {
    return;
  }
  const pill = document.getElementById('nav-status');
  try {
    const overview = await api.overview();
    const ok = overview.health === 'ok';
    pill.className = 'nav-status ' + (ok ? 'status-ok' : 'status-warn');
    setText(pill, (ok ? 'healthy' : 'degraded') + ' \u00b7 epoch ' + format.exact(overview.epoch));
    pill.title = ok ? 'all views healthy' : (overview.degraded_reasons || []).join('\n');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      pill.className = 'nav-status status-muted';
      setText(pill, 'token needed');
    } else {
      pill.className = 'nav-status status-bad';
      setText(pill, 'unreachable');
      pill.title = error.message;
    }
  }
}

function start() {
  onUnauthorized(openTokenForm);
  document.getElementById('token-form').addEventListener('submit', submitToken);
  document.getElementById('token-button').addEventListener('click', forgetToken);
  updateTokenButton();
  window.addEventListener('hashchange', show);
  show();
  refreshStatus();
  setInterval(refreshStatus, 2000);
}

start();
