// #/views : every materialized view's freshness and health; #/views/<name> : one view with
// its lag over the SLO window drawn against its freshness target.

import {api, ApiError} from './api.js';
import {badge, card, h, replace, stat, table} from './dom.js';
import * as format from './format.js';
import {lineChart} from './charts.js';

export function renderList(page, context) {
  const list = h('div', {id: 'views-list'});
  replace(page,
    h('div', {class: 'page-header'}, h('h1', null, 'Views')),
    card(null, null, list));
  context.every(1000, async () => {
    const response = await api.views();
    if (!context.alive()) {
      return;
    }
    replace(list, table([
      {label: 'View', cell: view => h('a', {href: '#/views/' + encodeURIComponent(view.name), class: 'view-link'},
        view.name)},
      {label: 'Health', cell: view => healthCell(view)},
      {label: 'Lag', class: 'num', cell: view => lagCell(view)},
      {label: 'Target', class: 'num', cell: view => target(view)},
      {label: 'SLO compliance', class: 'num', cell: view => compliance(view)},
      {label: 'Epoch', class: 'num', cell: view => format.exact(view.epoch)},
      {label: 'Epochs behind', class: 'num', cell: view => format.exact(view.epoch_lag)},
      {label: 'Job', cell: view => view.job_id
        ? h('a', {href: '#/jobs/' + encodeURIComponent(view.job_id)}, view.job_id) : format.MISSING},
    ], response.views || [], {
      class: 'views-table',
      empty: 'No materialized views. CREATE MATERIALIZED VIEW ... WITH (freshness = \'1s\') creates one with a target.',
      rowAttributes: view => ({class: 'view-row', dataset: {view: view.name}}),
    }));
  });
}

export async function renderView(page, context, name) {
  const header = h('div', {class: 'page-header'});
  const figures = h('div', {class: 'stats'});
  const chart = h('div', {class: 'chart-holder', id: 'view-lag-chart'});
  const sql = h('pre', {class: 'sql-text'});
  const reason = h('div');
  replace(page,
    h('div', {class: 'crumbs'}, h('a', {href: '#/views'}, 'Views'), ' / ', name),
    header, reason, figures,
    card('Lag over the SLO window', {id: 'lag-card'}, chart),
    card('SQL', null, sql));
  context.every(1000, async () => {
    let view;
    try {
      view = await api.view(name);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        replace(header, h('h1', null, name));
        replace(reason, h('div', {class: 'alert alert-warn'}, 'There is no materialized view ', h('code', null, name),
          '. ', h('a', {href: '#/views'}, 'All views')));
        return;
      }
      throw error;
    }
    if (!context.alive()) {
      return;
    }
    replace(header, h('h1', null, view.name),
      view.healthy ? badge('healthy', 'ok', {class: 'badge badge-ok health'})
        : badge('degraded', 'warn', {class: 'badge badge-warn health'}),
      h('span', {class: 'spacer'}),
      view.job_id ? h('a', {class: 'button button-quiet', href: '#/jobs/' + encodeURIComponent(view.job_id)},
        'Job graph \u2192') : null);
    replace(reason, !view.healthy && view.degraded_reason
      ? h('div', {class: 'alert alert-warn degraded-reason'}, h('strong', null, 'Degraded: '), view.degraded_reason)
      : null);
    replace(figures,
      stat('lag', format.duration(view.lag_ms), {id: 'view-lag'}),
      stat('target', target(view), {id: 'view-target'}),
      stat('SLO compliance', compliance(view), {id: 'view-compliance'},
        'over ' + format.duration((view.slo_window_seconds || 0) * 1000)),
      stat('epoch', format.exact(view.epoch)),
      stat('epochs behind', format.exact(view.epoch_lag)));
    const points = (view.history || []).map(sample => ({time: new Date(sample.time).getTime(), value: sample.lag_ms}))
      .filter(point => !isNaN(point.time));
    const hasTarget = view.freshness_target_ms !== null && view.freshness_target_ms !== undefined;
    replace(chart, lineChart(points, {
      height: 260, width: chart.clientWidth, yFormat: format.duration, class: 'lag-chart',
      target: hasTarget ? view.freshness_target_ms : null,
      targetLabel: hasTarget ? 'target ' + format.duration(view.freshness_target_ms) : null,
    }));
    replace(sql, view.sql || '');
  });
}

function healthCell(view) {
  return view.healthy
    ? badge('healthy', 'ok', {class: 'badge badge-ok health'})
    : h('span', {class: 'health-cell'}, badge('degraded', 'warn', {class: 'badge badge-warn health'}),
      view.degraded_reason ? h('span', {class: 'reason'}, ' ' + view.degraded_reason) : null);
}

function lagCell(view) {
  const late = view.freshness_target_ms !== null && view.freshness_target_ms !== undefined
    && view.lag_ms > view.freshness_target_ms;
  return h('span', {class: late ? 'text-bad' : ''}, format.duration(view.lag_ms));
}

function target(view) {
  return view.freshness_target_ms === null || view.freshness_target_ms === undefined
    ? 'none' : format.duration(view.freshness_target_ms);
}

function compliance(view) {
  if (view.slo_compliance === null || view.slo_compliance === undefined) {
    return h('span', {class: 'muted'}, 'no target');
  }
  const tone = view.slo_compliance >= 0.99 ? 'text-ok' : view.slo_compliance >= 0.9 ? 'text-warn' : 'text-bad';
  // One decimal: 99.5% must not round up to a perfect 100%.
  const value = Math.floor(view.slo_compliance * 1000) / 10;
  return h('span', {class: tone}, (Number.isInteger(value) ? value : value.toFixed(1)) + '%');
}
