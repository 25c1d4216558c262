// #/checkpoints : the retained history (newest first, as the API lists it) with two bar
// charts, oldest to newest: how long each checkpoint took and how much state it uploaded.

import {api} from './api.js';
import {badge, card, h, replace, stat, table} from './dom.js';
import * as format from './format.js';
import {barChart} from './charts.js';

const CHART_LIMIT = 40;

export function render(page, context) {
  const figures = h('div', {class: 'stats'});
  const durations = h('div', {class: 'chart-holder', id: 'checkpoint-durations'});
  const sizes = h('div', {class: 'chart-holder', id: 'checkpoint-sizes'});
  const history = h('div', {id: 'checkpoint-history'});
  replace(page,
    h('div', {class: 'page-header'}, h('h1', null, 'Checkpoints')),
    figures,
    h('div', {class: 'columns'},
      card('Duration', null, durations),
      card('Snapshot size', null, sizes)),
    card('History', null, history));

  context.every(2000, async () => {
    const response = await api.checkpoints();
    if (!context.alive()) {
      return;
    }
    const checkpoints = response.checkpoints || [];
    const completed = checkpoints.filter(checkpoint => checkpoint.status === 'COMPLETED');
    const last = completed[0];
    replace(figures,
      stat('storage', response.storage || format.MISSING, {class: 'stat stat-text', title: response.storage || ''}),
      stat('retained', format.exact(response.retained)),
      stat('last completed', last ? '#' + last.id : format.MISSING, null, last ? format.ago(last.started_at) : null),
      stat('last duration', last ? format.duration(last.duration_ms) : format.MISSING),
      stat('failed (listed)', format.exact(checkpoints.filter(checkpoint => checkpoint.status === 'FAILED').length)));
    const oldestFirst = checkpoints.slice(0, CHART_LIMIT).reverse();
    const bars = value => oldestFirst.map(checkpoint => ({
      label: '#' + checkpoint.id,
      value: value(checkpoint),
      tone: checkpoint.status === 'COMPLETED' ? 'ok' : checkpoint.status === 'FAILED' ? 'bad' : 'muted',
      title: '#' + checkpoint.id + ' (' + checkpoint.status + ') ' + format.duration(checkpoint.duration_ms) + ', '
        + format.bytes(checkpoint.snapshot_bytes),
    }));
    replace(durations, barChart(bars(checkpoint => checkpoint.duration_ms), {yFormat: format.duration,
      class: 'durations-chart', width: durations.clientWidth}));
    replace(sizes, barChart(bars(checkpoint => checkpoint.snapshot_bytes), {yFormat: format.bytes,
      class: 'sizes-chart', width: sizes.clientWidth}));
    replace(history, table([
      {label: 'Checkpoint', class: 'num', cell: checkpoint => '#' + checkpoint.id},
      {label: 'Epoch', class: 'num', cell: checkpoint => format.exact(checkpoint.epoch)},
      {label: 'Status', cell: checkpoint => badge(checkpoint.status,
        checkpoint.status === 'COMPLETED' ? 'ok' : checkpoint.status === 'FAILED' ? 'bad' : 'info')},
      {label: 'Started', cell: checkpoint => h('span', {title: checkpoint.started_at || ''}, format.time(checkpoint.started_at))},
      {label: 'Duration', class: 'num', cell: checkpoint => format.duration(checkpoint.duration_ms)},
      {label: 'Snapshot', class: 'num', cell: checkpoint => format.bytes(checkpoint.snapshot_bytes)},
      {label: 'Uploaded', class: 'num', cell: checkpoint => format.bytes(checkpoint.state_uploaded_bytes)},
      {label: 'Reused', class: 'num', cell: checkpoint => format.bytes(checkpoint.state_reused_bytes)},
      {label: 'Error', cell: checkpoint => checkpoint.error ? h('span', {class: 'text-bad'}, checkpoint.error) : ''},
    ], checkpoints, {
      class: 'checkpoints-table',
      empty: response.storage === 'memory'
        ? 'No checkpoints: this engine keeps its state in memory only (start it with --storage).'
        : 'No checkpoint yet: one is taken every 100 epochs, at most once every 10 s, and on a clean shutdown.',
    }));
  });
}
