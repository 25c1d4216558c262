// The REST API client (routes and shapes: /api/v1/openapi.json). Every call sends the bearer
// token kept in localStorage, when there is one. A 401 tells the listeners registered with
// onUnauthorized (the app shows the token form) and rejects with an ApiError.

const TOKEN_KEY = 'rockstream.token';

/** A failed call: the HTTP status and the server's error object ({sqlstate, message, position, ...}). */
export class ApiError extends Error {
  constructor(status, error, results) {
    super(error.message || ('HTTP ' + status));
    this.status = status;
    this.error = error;
    this.results = results || [];
  }

  get sqlstate() {
    return this.error.sqlstate || null;
  }
}

const unauthorizedListeners = [];
// The token when localStorage is unavailable (storage disabled): lasts until the page reloads.
let memoryToken = '';

export function onUnauthorized(listener) {
  unauthorizedListeners.push(listener);
}

export function token() {
  try {
    return localStorage.getItem(TOKEN_KEY) || memoryToken;
  } catch (unavailable) {
    return memoryToken;
  }
}

export function setToken(value) {
  try {
    if (value) {
      localStorage.setItem(TOKEN_KEY, value);
    } else {
      localStorage.removeItem(TOKEN_KEY);
    }
  } catch (unavailable) {
    // storage disabled: memoryToken keeps it
  }
  memoryToken = value || '';
}

function headers(extra) {
  const result = Object.assign({'Accept': 'application/json'}, extra || {});
  const bearer = token();
  if (bearer) {
    result['Authorization'] = 'Bearer ' + bearer;
  }
  return result;
}

async function call(method, path, body) {
  const init = {method, headers: headers(body === undefined ? null : {'Content-Type': 'application/json'})};
  if (body !== undefined) {
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (network) {
    throw new ApiError(0, {sqlstate: '08006', message: 'cannot reach the server: ' + network.message});
  }
  let payload = null;
  const text = await response.text();
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch (notJson) {
      payload = null;
    }
  }
  if (response.status === 401) {
    const error = payload && payload.error ? payload.error : {sqlstate: '28000', message: 'a token is required'};
    for (const listener of unauthorizedListeners) {
      listener(error);
    }
    throw new ApiError(401, error);
  }
  if (!response.ok) {
    const error = payload && payload.error
      ? payload.error
      : {sqlstate: 'XX000', message: 'HTTP ' + response.status + ' ' + response.statusText};
    throw new ApiError(response.status, error, payload && payload.results);
  }
  return payload;
}

export const api = {
  overview: () => call('GET', '/api/v1/overview'),
  jobs: () => call('GET', '/api/v1/jobs'),
  job: id => call('GET', '/api/v1/jobs/' + encodeURIComponent(id)),
  jobMetrics: id => call('GET', '/api/v1/jobs/' + encodeURIComponent(id) + '/metrics'),
  cancelJob: id => call('DELETE', '/api/v1/jobs/' + encodeURIComponent(id)),
  checkpoints: () => call('GET', '/api/v1/checkpoints'),
  taskManagers: () => call('GET', '/api/v1/taskmanagers'),
  views: () => call('GET', '/api/v1/views'),
  view: name => call('GET', '/api/v1/views/' + encodeURIComponent(name)),
  sql: (sql, maxRows) => call('POST', '/api/v1/sql', {sql, max_rows: maxRows}),
};
