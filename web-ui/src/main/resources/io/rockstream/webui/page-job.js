// #/jobs/<id> : a job's graph with live per-vertex figures (from /api/v1/jobs/{id}/metrics
// every second), its subtasks (from /api/v1/jobs/{id} every two seconds), and a cancel button
// for an ad-hoc query.

import {api, ApiError} from './api.js';
import {badge, card, h, replace, setText, stat, table} from './dom.js';
import * as format from './format.js';
import {drawGraph, orientation, pressureTone} from './graph.js';

export async function render(page, context, id) {
  const header = h('div', {class: 'page-header'});
  const figures = h('div', {class: 'stats'});
  const failure = h('div');
  const graphHolder = h('div', {class: 'graph-scroll', id: 'job-graph'});
  const selection = h('div', {class: 'vertex-detail', id: 'vertex-detail'});
  const subtasks = h('div', {id: 'job-subtasks'});
  const sql = h('pre', {class: 'sql-text', id: 'job-sql'});
  const updated = h('span', {class: 'page-note', id: 'metrics-updated'});
  replace(page,
    h('div', {class: 'crumbs'}, h('a', {href: '#/'}, 'Overview'), ' / ', 'job'),
    header, failure, figures,
    card(null, {id: 'graph-card'},
      h('div', {class: 'card-head'}, h('h2', {class: 'card-title'}, 'Job graph'), updated),
      graphHolder, legend(), selection),
    card('Subtasks', {id: 'subtasks-card'}, subtasks),
    card('SQL', null, sql));

  let job;
  try {
    job = await api.job(id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      replace(header, h('h1', null, id));
      replace(failure, h('div', {class: 'alert alert-warn'}, 'No job ', h('code', null, id),
        ' is running: an ad-hoc query ends when its statement does, and a view\u2019s job when the view is dropped. ',
        h('a', {href: '#/'}, 'Back to the overview')));
      return;
    }
    context.showError(error);
    return;
  }
  if (!context.alive()) {
    return;
  }
  let selected = null;
  let latest = new Map();
  const onSelect = vertexId => {
    selected = selected === vertexId ? null : vertexId;
    graph.select(selected);
    showSubtasks();
  };
  const draw = () => {
    const drawn = drawGraph(job.graph || {vertices: [], edges: []}, graphHolder.clientWidth || 1200, onSelect);
    drawn.update(latest);
    drawn.select(selected);
    replace(graphHolder, drawn.element);
    return drawn;
  };
  let graph = draw();
  // A wider or narrower window may call for the other orientation.
  let resizing = null;
  context.listen(window, 'resize', () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => {
      if (context.alive() && orientation(job.graph, graphHolder.clientWidth) !== graph.orientation) {
        graph = draw();
      }
    }, 200);
  });

  // The header is drawn once (the cancel button keeps its state); refreshes change the status.
  const status = badge('', 'ok', {id: 'job-status'});
  replace(header, h('h1', null, job.name || job.id),
    badge(job.kind, job.kind === 'view' ? 'info' : 'muted'),
    status,
    h('span', {class: 'spacer'}),
    job.kind === 'query' ? cancelButton(job.id) : null,
    job.kind === 'view' ? h('a', {class: 'button button-quiet', href: '#/views/' + encodeURIComponent(job.id)},
      'Freshness \u2192') : null);
  replace(sql, job.sql || '');
  const showJob = () => {
    setText(status, job.status);
    status.className = 'badge badge-' + (job.status === 'RUNNING' ? 'ok' : 'bad');
    replace(failure, job.failure ? h('div', {class: 'alert alert-bad job-failure'},
      h('span', {class: 'sqlstate'}, job.failure.sqlstate || ''), ' ', job.failure.message || '') : null);
    replace(figures,
      stat('parallelism', format.exact(job.parallelism)),
      stat('vertices', format.exact(job.vertices)),
      stat('epoch', format.exact(job.epoch), {id: 'job-epoch'}),
      stat('started', format.time(job.started_at), {class: 'stat stat-text'}, format.ago(job.started_at)));
  };
  const showSubtasks = () => {
    const vertices = (job.graph && job.graph.vertices) || [];
    const shown = vertices.filter(vertex => selected === null || vertex.id === selected);
    const rows = [];
    for (const vertex of shown) {
      for (const subtask of vertex.subtasks || []) {
        rows.push({vertex, subtask});
      }
    }
    const vertex = vertices.find(candidate => candidate.id === selected);
    replace(selection, vertex
      ? [h('strong', null, vertex.name + ' (vertex ' + vertex.id + ')'), ' ',
        h('button', {type: 'button', class: 'link-button clear-selection', onclick: () => {
          selected = null;
          graph.select(null);
          showSubtasks();
        }}, 'show all vertices'),
        vertex.description ? h('pre', {class: 'vertex-description'}, vertex.description) : null]
      : h('span', {class: 'muted'}, 'Click a vertex to see its subtasks and details.'));
    replace(subtasks, subtasksTable(rows));
  };
  showJob();
  showSubtasks();

  let tick = 0;
  let ended = false;
  context.every(1000, async () => {
    if (ended) {
      return;
    }
    const refreshDetail = tick++ % 2 === 1;
    let metrics;
    let detail;
    try {
      [metrics, detail] = await Promise.all([api.jobMetrics(id), refreshDetail ? api.job(id) : null]);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404 && context.alive()) {
        // An ad-hoc statement's job ends with its statement; a view's when the view is dropped.
        ended = true;
        setText(status, 'ENDED');
        status.className = 'badge badge-muted';
        replace(failure, h('div', {class: 'alert alert-warn job-ended'}, job.kind === 'query'
          ? 'The statement finished or was cancelled: its job is gone. The figures below are its last ones.'
          : 'The view was dropped: its job is gone. The figures below are its last ones.'));
        const cancel = document.getElementById('job-cancel');
        if (cancel) {
          cancel.disabled = true;
        }
        return;
      }
      throw error;
    }
    if (!context.alive()) {
      return;
    }
    latest = new Map((metrics.vertices || []).map(vertex => [vertex.id, vertex.metrics]));
    graph.update(latest);
    replace(updated, 'metrics at ' + format.time(metrics.timestamp || new Date().toISOString()));
    if (detail) {
      job = detail;
      showJob();
      showSubtasks();
    }
  });
}

function cancelButton(id) {
  let armed = false;
  const button = h('button', {class: 'button button-danger', id: 'job-cancel', type: 'button'}, 'Cancel query');
  button.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      button.textContent = 'Click again to cancel';
      setTimeout(() => {
        armed = false;
        if (!button.disabled) {
          button.textContent = 'Cancel query';
        }
      }, 4000);
      return;
    }
    button.disabled = true;
    try {
      await api.cancelJob(id);
      button.textContent = 'Cancel requested';
    } catch (error) {
      button.textContent = 'Cancel failed: ' + error.message;
    }
  });
  return button;
}

function legend() {
  const swatch = (tone, label) => h('span', {class: 'legend-item'}, h('span', {class: 'swatch tone-' + tone}), label);
  const line = (kind, label) => h('span', {class: 'legend-item'}, h('span', {class: 'legend-line edge-' + kind}), label);
  return h('div', {class: 'legend'},
    h('span', {class: 'legend-title'}, 'Back-pressure (highest busy ratio of the vertices it sends to):'),
    swatch('ok', 'below 50%'), swatch('warn', '50\u201380%'), swatch('bad', '80% or more'),
    h('span', {class: 'legend-note'}, 'Figures are averaged over the last 10 s; \u03a3 in counts rows since deployment.'),
    h('div', {class: 'legend-edges'}, h('span', {class: 'legend-title'}, 'Edges:'),
      line('forward', 'forward (subtask i to subtask i)'), line('hash', 'hash(columns)'),
      line('single', 'single (all to one subtask)'), line('broadcast', 'broadcast (to every subtask)')));
}

/** RocksDB state has a size estimate; heap state (null) has none. */
function stateSize(bytes) {
  return bytes === null || bytes === undefined
    ? h('span', {class: 'muted', title: 'heap state: its size is not measured'}, 'heap')
    : format.bytes(bytes);
}

function subtasksTable(rows) {
  const metric = (row, key) => (row.subtask.metrics || {})[key];
  return table([
    {label: 'Vertex', cell: row => row.vertex.name + ' #' + row.vertex.id},
    {label: 'Subtask', class: 'num', cell: row => String(row.subtask.index)},
    {label: 'TaskManager', cell: row => row.subtask.taskmanager || format.MISSING},
    {label: 'Rows in', class: 'num', cell: row => format.exact(metric(row, 'rows_in'))},
    {label: 'Rows out', class: 'num', cell: row => format.exact(metric(row, 'rows_out'))},
    {label: 'In/s', class: 'num', cell: row => format.rate(metric(row, 'rows_in_per_second'))},
    {label: 'Out/s', class: 'num', cell: row => format.rate(metric(row, 'rows_out_per_second'))},
    {label: 'Busy', class: 'num', cell: row => format.percent(metric(row, 'busy_ratio'))},
    {label: 'Queued', class: 'num', cell: row => format.exact(metric(row, 'queued_messages'))},
    {label: 'Back-pressure', class: 'num', cell: row => h('span', {class: 'pressure tone-' + pressureTone(row.subtask.metrics)},
      format.percent(metric(row, 'back_pressure')))},
    {label: 'State', class: 'num', cell: row => stateSize(metric(row, 'state_bytes'))},
    {label: 'Epoch lag', class: 'num', title: 'epochs injected into the job that the subtask has not finished yet',
      cell: row => format.exact(metric(row, 'epoch_lag'))},
  ], rows, {
    class: 'subtasks-table',
    empty: 'No subtasks.',
    rowAttributes: row => ({dataset: {vertexId: row.vertex.id, subtask: row.subtask.index}}),
  });
}
