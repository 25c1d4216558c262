// #/sql : the SQL editor. Run (or Ctrl+Enter) posts the whole text to /api/v1/sql and shows
// one panel per statement: a table of rows or the command tag. An error shows its SQLSTATE
// and message and, when the server gives a position (1-based, in characters of the submitted
// text, as PostgreSQL's P field), a caret under the offending line and column, with the
// offending token selected in the editor.

import {api, ApiError} from './api.js';
import {card, h, replace, setText} from './dom.js';
import * as format from './format.js';

const MAX_ROWS = 1000;
const DRAFT_KEY = 'rockstream.sql';
const NUMERIC_TYPE = /^(smallint|integer|bigint|numeric|decimal|real|double|float|int|serial)/i;

export function render(page) {
  const input = h('textarea', {
    id: 'sql-input', class: 'sql-input', rows: 10, spellcheck: 'false', autocomplete: 'off',
    autocapitalize: 'off', 'aria-label': 'SQL',
    placeholder: 'CREATE TABLE orders (id int PRIMARY KEY, amount numeric(10,2));\n'
      + 'CREATE MATERIALIZED VIEW totals AS SELECT count(*), sum(amount) FROM orders;\n'
      + 'SELECT * FROM totals;',
  });
  input.value = draft();
  const run = h('button', {id: 'sql-run', class: 'button button-primary', type: 'button'}, 'Run',
    h('span', {class: 'shortcut'}, 'Ctrl+Enter'));
  const status = h('span', {id: 'sql-status', class: 'sql-status'});
  const results = h('div', {id: 'sql-results', class: 'sql-results'});
  replace(page,
    h('div', {class: 'page-header'}, h('h1', null, 'SQL'),
      h('span', {class: 'page-note'}, 'One statement or a script separated by semicolons; at most '
        + format.exact(MAX_ROWS) + ' rows are shown per result.')),
    card(null, {class: 'card editor-card'}, input, h('div', {class: 'toolbar'}, run, status)),
    results);

  let running = false;
  const execute = async () => {
    if (running) {
      return;
    }
    const sql = input.value;
    if (!sql.trim()) {
      input.focus();
      return;
    }
    saveDraft(sql);
    running = true;
    run.disabled = true;
    status.className = 'sql-status';
    setText(status, 'running\u2026');
    results.setAttribute('aria-busy', 'true');
    const started = performance.now();
    try {
      const response = await api.sql(sql, MAX_ROWS);
      const list = response.results || [];
      replace(results, list.map((result, index) => resultPanel(result, index)));
      status.className = 'sql-status status-ok';
      setText(status, statementCount(list.length) + ' \u00b7 '
        + format.duration(response.elapsed_ms !== undefined ? response.elapsed_ms : performance.now() - started));
    } catch (error) {
      const failure = error instanceof ApiError ? error : new ApiError(0, {message: String(error)});
      replace(results,
        failure.results.map((result, index) => resultPanel(result, index)),
        errorPanel(failure, sql, input));
      status.className = 'sql-status status-bad';
      setText(status, 'failed' + (failure.sqlstate ? ' with SQLSTATE ' + failure.sqlstate : ''));
    } finally {
      running = false;
      run.disabled = false;
      results.removeAttribute('aria-busy');
    }
  };
  run.addEventListener('click', execute);
  input.addEventListener('keydown', event => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      execute();
    } else if (event.key === 'Tab' && !event.shiftKey) {
      event.preventDefault();
      input.setRangeText('  ', input.selectionStart, input.selectionEnd, 'end');
    }
  });
  input.addEventListener('input', () => saveDraft(input.value));
  input.focus();
}

function statementCount(count) {
  return count === 1 ? '1 statement' : count + ' statements';
}

function resultPanel(result, index) {
  const header = h('div', {class: 'result-head'},
    h('code', {class: 'result-statement', title: result.statement || ''}, oneLine(result.statement) || ('statement ' + (index + 1))),
    h('span', {class: 'command-tag'}, result.tag || (result.kind === 'rows' ? 'SELECT ' + (result.rows || []).length : '')));
  if (result.kind !== 'rows') {
    return h('section', {class: 'card sql-result result-command', dataset: {index}}, header);
  }
  const columns = result.columns || [];
  const numeric = columns.map(column => NUMERIC_TYPE.test(column.type || ''));
  const rows = result.rows || [];
  const tableElement = h('table', {class: 'table result-table'},
    h('thead', null, h('tr', null, columns.map((column, position) => h('th', {
      class: numeric[position] ? 'num' : null, title: column.type || ''},
    h('span', {class: 'column-name'}, column.name), h('span', {class: 'column-type'}, column.type || ''))))),
    h('tbody', null, rows.length === 0
      ? h('tr', {class: 'empty'}, h('td', {colspan: Math.max(1, columns.length)}, '(no rows)'))
      : rows.map(row => h('tr', null, row.map((value, position) => value === null
        ? h('td', {class: 'null' + (numeric[position] ? ' num' : '')}, 'NULL')
        : h('td', {class: numeric[position] ? 'num' : null}, value))))));
  return h('section', {class: 'card sql-result result-rows', dataset: {index}}, header,
    h('div', {class: 'table-scroll'}, tableElement),
    result.truncated ? h('div', {class: 'result-truncated'}, 'Showing the first ' + format.exact(rows.length)
      + ' of ' + format.exact(result.row_count) + ' rows.') : null);
}

/** The error panel; marks the position in the text and selects the offending token in the editor. */
function errorPanel(failure, sql, input) {
  const error = failure.error || {};
  const where = locate(sql, error);
  const panel = h('section', {class: 'card sql-error', role: 'alert'},
    h('div', {class: 'error-head'},
      h('span', {class: 'sqlstate'}, error.sqlstate || ('HTTP ' + failure.status)),
      h('span', {class: 'error-message'}, error.message || 'the request failed')),
    error.statement !== null && error.statement !== undefined
      ? h('div', {class: 'error-statement'}, 'in statement ' + (error.statement + 1) + ' of the script') : null,
    error.detail ? h('div', {class: 'error-detail'}, h('strong', null, 'Detail: '), error.detail) : null,
    error.hint ? h('div', {class: 'error-hint'}, h('strong', null, 'Hint: '), error.hint) : null,
    where ? positionMarker(where) : null);
  if (where) {
    input.focus();
    input.setSelectionRange(where.start, where.end);
    scrollToLine(input, where.line);
  }
  return panel;
}

/**
 * Where the error points: {line, column (1-based, in characters), text (the line), start and
 * end (UTF-16 offsets of the token in the editor)}; null without a position. Positions count
 * characters (code points), like PostgreSQL's, while the textarea counts UTF-16 units.
 */
export function locate(sql, error) {
  const characters = Array.from(sql);
  let offset;
  if (Number.isInteger(error.position) && error.position >= 1) {
    offset = Math.min(error.position - 1, characters.length);
  } else if (Number.isInteger(error.line) && Number.isInteger(error.column)) {
    const lines = sql.split('\n');
    if (error.line < 1 || error.line > lines.length) {
      return null;
    }
    offset = lines.slice(0, error.line - 1).reduce((sum, line) => sum + Array.from(line).length + 1, 0)
      + error.column - 1;
  } else {
    return null;
  }
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset; index++) {
    if (characters[index] === '\n') {
      line++;
      lineStart = index + 1;
    }
  }
  let lineEnd = lineStart;
  while (lineEnd < characters.length && characters[lineEnd] !== '\n') {
    lineEnd++;
  }
  let tokenEnd = offset;
  while (tokenEnd < lineEnd && /[\p{L}\p{N}_$]/u.test(characters[tokenEnd])) {
    tokenEnd++;
  }
  if (tokenEnd === offset && offset < lineEnd) {
    tokenEnd = offset + 1;
  }
  const units = upTo => characters.slice(0, upTo).join('').length;
  return {
    line,
    column: offset - lineStart + 1,
    text: characters.slice(lineStart, lineEnd).join(''),
    before: characters.slice(lineStart, offset),
    start: units(offset),
    end: units(tokenEnd),
  };
}

function positionMarker(where) {
  const gutter = String(where.line) + ' | ';
  // The caret line repeats the line's tabs so the caret stays under the column however wide a tab is.
  const padding = where.before.map(character => (character === '\t' ? '\t' : ' ')).join('');
  return h('div', {class: 'error-where'},
    h('div', {class: 'error-location'}, 'at line ' + where.line + ', column ' + where.column),
    h('pre', {class: 'error-context'},
      h('span', {class: 'error-gutter'}, gutter), h('span', {class: 'error-line'}, where.text), '\n',
      h('span', {class: 'error-gutter'}, ' '.repeat(gutter.length)),
      h('span', {class: 'error-position', dataset: {line: where.line, column: where.column}}, padding + '^')));
}

function scrollToLine(input, line) {
  const lineHeight = parseFloat(getComputedStyle(input).lineHeight) || 20;
  const top = (line - 1) * lineHeight;
  if (top < input.scrollTop || top > input.scrollTop + input.clientHeight - lineHeight) {
    input.scrollTop = Math.max(0, top - input.clientHeight / 3);
  }
}

function oneLine(statement) {
  if (!statement) {
    return '';
  }
  const flat = statement.replace(/\s+/g, ' ').trim();
  return flat.length > 110 ? flat.slice(0, 109) + '\u2026' : flat;
}

function draft() {
  try {
    return localStorage.getItem(DRAFT_KEY) || '';
  } catch (unavailable) {
    return '';
  }
}

function saveDraft(sql) {
  try {
    localStorage.setItem(DRAFT_KEY, sql);
  } catch (unavailable) {
    // storage disabled: the draft is not kept across pages
  }
}
