// #/ : the cluster at a glance, refreshed every second: health, key figures, the jobs, the
// TaskManagers with their slots, the last checkpoint.

import {api} from './api.js';
import {badge, card, h, replace, stat, table} from './dom.js';
import * as format from './format.js';

export function render(page, context) {
  const health = h('div', {id: 'overview-health'});
  const figures = h('div', {class: 'stats', id: 'overview-stats'});
  const jobs = h('div', {id: 'overview-jobs'});
  const taskManagers = h('div', {id: 'overview-taskmanagers'});
  const checkpoint = h('div', {id: 'overview-checkpoint'});
  const updated = h('span', {class: 'page-note', id: 'overview-updated'});
  replace(page,
    h('div', {class: 'page-header'}, h('h1', null, 'Overview'), updated),
    health,
    figures,
    card('Jobs', {id: 'jobs-card'}, jobs),
    h('div', {class: 'columns columns-wide-narrow'},
      card('TaskManagers', {id: 'taskmanagers-card'}, taskManagers),
      card('Last checkpoint', {id: 'checkpoint-card'}, checkpoint)));

  context.every(1000, async () => {
    const [overview, jobList, taskManagerList] = await Promise.all([
      api.overview(), api.jobs(), api.taskManagers()]);
    if (!context.alive()) {
      return;
    }
    replace(health, healthBanner(overview));
    replace(figures, keyFigures(overview));
    replace(jobs, jobsTable(jobList.jobs || []));
    replace(taskManagers, taskManagersTable(taskManagerList.taskmanagers || []));
    replace(checkpoint, lastCheckpoint(overview.last_checkpoint, overview.storage));
    replace(updated, 'RockStream ' + (overview.version || '') + ' \u00b7 up ' + format.duration((overview.uptime_seconds || 0) * 1000)
      + ' \u00b7 updated ' + format.time(new Date().toISOString()));
  });
}

function healthBanner(overview) {
  if (overview.health === 'ok') {
    return h('div', {class: 'alert alert-ok health-ok'}, h('strong', null, 'Healthy'),
      ' \u2014 every view meets its freshness target and no job has failed.');
  }
  const reasons = overview.degraded_reasons || [];
  return h('div', {class: 'alert alert-warn health-degraded'}, h('strong', null, 'Degraded'),
    reasons.length ? h('ul', {class: 'reasons'}, reasons.map(reason => h('li', null, reason))) : null);
}

function keyFigures(overview) {
  return [
    stat('jobs running', format.exact(overview.jobs_running), {id: 'stat-jobs'},
      overview.jobs_failed ? h('span', {class: 'text-bad'}, format.exact(overview.jobs_failed) + ' failed') : null),
    stat('views', format.exact(overview.views), {id: 'stat-views'},
      overview.views_degraded ? h('span', {class: 'text-warn'}, format.exact(overview.views_degraded) + ' degraded')
        : null),
    stat('TaskManagers', format.exact(overview.taskmanagers), {id: 'stat-taskmanagers'}),
    stat('slots used', format.exact(overview.slots_used) + ' / ' + format.exact(overview.slots), {id: 'stat-slots'}),
    stat('epoch', format.exact(overview.epoch), {id: 'stat-epoch'}),
    stat('storage', overview.storage || format.MISSING, {id: 'stat-storage', class: 'stat stat-text', title: overview.storage || ''}),
  ];
}

function statusBadge(status) {
  const tone = status === 'RUNNING' || status === 'COMPLETED' ? 'ok'
    : status === 'FAILED' || status === 'LOST' ? 'bad' : 'info';
  return badge(status || format.MISSING, tone);
}

function jobsTable(jobs) {
  return table([
    {label: 'Job', cell: job => h('a', {href: '#/jobs/' + encodeURIComponent(job.id), class: 'job-link'}, job.id)},
    {label: 'Kind', cell: job => badge(job.kind, job.kind === 'view' ? 'info' : 'muted')},
    {label: 'Status', cell: job => [statusBadge(job.status),
      job.failure ? h('div', {class: 'failure'}, (job.failure.sqlstate || '') + ' ' + (job.failure.message || '')) : null]},
    {label: 'Parallelism', class: 'num', cell: job => format.exact(job.parallelism)},
    {label: 'Vertices', class: 'num', cell: job => format.exact(job.vertices)},
    {label: 'Epoch', class: 'num', cell: job => format.exact(job.epoch)},
    {label: 'Started', cell: job => h('span', {title: job.started_at || ''}, format.time(job.started_at))},
    {label: 'SQL', class: 'sql-cell', cell: job => h('code', {title: job.sql || ''}, oneLine(job.sql))},
  ], jobs, {
    class: 'jobs-table',
    empty: 'No jobs yet. Create a materialized view in the SQL editor to start one.',
    rowAttributes: job => ({class: 'job-row', dataset: {jobId: job.id}}),
  });
}

function taskManagersTable(taskManagers) {
  return table([
    {label: 'TaskManager', cell: tm => h('span', {title: tm.address || ''}, tm.id)},
    {label: 'Status', cell: tm => statusBadge(tm.status)},
    {label: 'Slots', cell: tm => slotBar(tm.slots_used, tm.slots)},
    {label: 'Subtasks', class: 'num', cell: tm => format.exact(tm.subtasks)},
    {label: 'Heap', class: 'nowrap', cell: tm => format.bytes(tm.heap_used_bytes) + ' / ' + format.bytes(tm.heap_max_bytes)},
    {label: 'Heartbeat', class: 'num', cell: tm => format.duration(tm.last_heartbeat_ms) + ' ago'},
  ], taskManagers, {class: 'taskmanagers-table', empty: 'No TaskManager registered.'});
}

function slotBar(used, total) {
  const ratio = total > 0 ? Math.min(1, used / total) : 0;
  return h('div', {class: 'slot-cell', title: format.exact(used) + ' of ' + format.exact(total) + ' slots used'},
    h('div', {class: 'meter'}, h('div', {class: 'meter-fill', style: 'width:' + (ratio * 100).toFixed(1) + '%'})),
    h('span', {class: 'meter-label'}, format.exact(used) + ' / ' + format.exact(total)));
}

function lastCheckpoint(checkpoint, storage) {
  if (!checkpoint) {
    return h('p', {class: 'muted'}, storage === 'memory'
      ? 'No checkpoint: this engine keeps its state in memory only.'
      : 'No checkpoint yet.');
  }
  return h('dl', {class: 'facts'},
    h('dt', null, 'Checkpoint'), h('dd', null, '#' + checkpoint.id + ' at epoch ' + format.exact(checkpoint.epoch)),
    h('dt', null, 'Status'), h('dd', null, statusBadge(checkpoint.status)),
    h('dt', null, 'Started'), h('dd', null, format.time(checkpoint.started_at) + ' (' + format.ago(checkpoint.started_at) + ')'),
    h('dt', null, 'Duration'), h('dd', null, format.duration(checkpoint.duration_ms)),
    h('dt', null, 'Snapshot'), h('dd', null, format.bytes(checkpoint.snapshot_bytes)),
    h('dt', null, 'Uploaded / reused'), h('dd', null, format.bytes(checkpoint.state_uploaded_bytes) + ' / '
      + format.bytes(checkpoint.state_reused_bytes)),
    checkpoint.error ? [h('dt', null, 'Error'), h('dd', {class: 'text-bad'}, checkpoint.error)] : null,
    h('dd', {class: 'facts-link'}, h('a', {href: '#/checkpoints'}, 'All checkpoints \u2192')));
}

function oneLine(sql) {
  if (!sql) {
    return format.MISSING;
  }
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 90 ? flat.slice(0, 89) + '\u2026' : flat;
}
