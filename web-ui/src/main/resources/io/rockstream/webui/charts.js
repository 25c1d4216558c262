// Small SVG charts drawn by hand: a line chart over time (a view's lag with its target) and a
// bar chart (checkpoint durations and sizes). Both scale to their container's width.

import {s} from './dom.js';
import * as format from './format.js';

const DEFAULT_WIDTH = 1000;
const MARGIN = {top: 14, right: 16, bottom: 28, left: 70};

/** Round tick values covering 0..max: 0, step, 2 step, ... with step 1, 2 or 5 × 10^n. */
function ticks(max, wanted) {
  if (!(max > 0)) {
    return {top: 1, values: [0, 1]};
  }
  const raw = max / wanted;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map(factor => factor * power).find(candidate => candidate >= raw);
  const top = Math.ceil(max / step) * step;
  const values = [];
  for (let value = 0; value <= top + step / 2; value += step) {
    values.push(value);
  }
  return {top, values};
}

function yAxis(scale, tickValues, width, yFormat) {
  return tickValues.map(value => s('g', {class: 'tick'},
    s('line', {x1: MARGIN.left, x2: width - MARGIN.right, y1: scale(value), y2: scale(value), class: 'grid'}),
    s('text', {x: MARGIN.left - 8, y: scale(value) + 4, 'text-anchor': 'end', class: 'axis-label'}, yFormat(value))));
}

/**
 * points: [{time: ms since epoch, value}] oldest first; options: {width (the container's, so
 * text keeps its size), height, minSpanMs (the least time the x axis covers), target (value
 * or null), targetLabel, yFormat, class}. The y axis starts at 0 and covers the target.
 */
export function lineChart(points, options) {
  const height = options.height || 240;
  const width = Math.max(320, Math.round(options.width || DEFAULT_WIDTH));
  const yFormat = options.yFormat || format.count;
  const svg = s('svg', {viewBox: `0 0 ${width} ${height}`, class: 'chart ' + (options.class || ''),
    preserveAspectRatio: 'xMinYMin meet', role: 'img', dataset: {samples: points.length}});
  if (points.length === 0) {
    svg.appendChild(s('text', {x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'chart-empty'},
      'no samples yet'));
    return svg;
  }
  const target = options.target === null || options.target === undefined ? null : options.target;
  const maxValue = Math.max(...points.map(point => point.value), target === null ? 0 : target * 1.2);
  const {top, values} = ticks(maxValue, 4);
  const plotBottom = height - MARGIN.bottom;
  const y = value => plotBottom - (value / top) * (plotBottom - MARGIN.top);
  // The time axis runs from the oldest sample (the server keeps a window of them) to the newest,
  // and covers at least minSpanMs so that a young series does not stretch two samples wide.
  const last = points[points.length - 1].time;
  const first = Math.min(points[0].time, last - (options.minSpanMs || 10_000));
  const span = last - first;
  const x = when => MARGIN.left + ((when - first) / span) * (width - MARGIN.left - MARGIN.right);

  svg.appendChild(s('g', {class: 'axis'}, yAxis(y, values, width, yFormat)));
  const labels = [first, first + span / 2, last];
  labels.forEach((when, index) => svg.appendChild(s('text', {
    x: x(when), y: height - 8, class: 'axis-label',
    'text-anchor': index === 0 ? 'start' : index === 2 ? 'end' : 'middle'}, format.time(new Date(when).toISOString()))));

  const line = points.map((point, index) => (index === 0 ? 'M' : 'L') + x(point.time).toFixed(1) + ' '
    + y(point.value).toFixed(1)).join(' ');
  const area = line + ` L${x(last).toFixed(1)} ${plotBottom} L${x(points[0].time).toFixed(1)} ${plotBottom} Z`;
  svg.appendChild(s('path', {d: area, class: 'series-area'}));
  svg.appendChild(s('path', {d: line, class: 'series-line'}));
  if (points.length === 1) {
    svg.appendChild(s('circle', {cx: x(last), cy: y(points[0].value), r: 3, class: 'series-dot'}));
  }
  if (target !== null) {
    svg.appendChild(s('line', {x1: MARGIN.left, x2: width - MARGIN.right, y1: y(target), y2: y(target),
      class: 'target-line'}));
    svg.appendChild(s('text', {x: width - MARGIN.right - 4, y: y(target) - 6, 'text-anchor': 'end',
      class: 'target-label'}, options.targetLabel || 'target'));
  }
  return svg;
}

/**
 * bars: [{label, value (null: no bar), tone: 'ok'|'bad'|'muted', title}] left to right;
 * options: {width, height, yFormat, class}.
 */
export function barChart(bars, options) {
  const height = options.height || 180;
  const width = Math.max(320, Math.round(options.width || DEFAULT_WIDTH));
  const yFormat = options.yFormat || format.count;
  const svg = s('svg', {viewBox: `0 0 ${width} ${height}`, class: 'chart ' + (options.class || ''),
    preserveAspectRatio: 'xMinYMin meet', role: 'img'});
  if (bars.length === 0) {
    svg.appendChild(s('text', {x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'chart-empty'},
      'no checkpoints yet'));
    return svg;
  }
  const maxValue = Math.max(0, ...bars.map(bar => bar.value || 0));
  const {top, values} = ticks(maxValue, 4);
  const plotBottom = height - MARGIN.bottom;
  const y = value => plotBottom - (value / top) * (plotBottom - MARGIN.top);
  svg.appendChild(s('g', {class: 'axis'}, yAxis(y, values, width, yFormat)));
  const slot = (width - MARGIN.left - MARGIN.right) / Math.max(bars.length, 12);
  const barWidth = Math.max(2, slot * 0.7);
  const labelEvery = Math.ceil(bars.length / 12);
  bars.forEach((bar, index) => {
    const left = MARGIN.left + index * slot + (slot - barWidth) / 2;
    const group = s('g', {class: 'bar bar-' + bar.tone}, s('title', null, bar.title || ''));
    if (bar.value !== null && bar.value !== undefined) {
      const barTop = y(bar.value);
      group.appendChild(s('rect', {x: left, y: barTop, width: barWidth, height: Math.max(1, plotBottom - barTop),
        rx: 2}));
    } else {
      group.appendChild(s('rect', {x: left, y: plotBottom - 2, width: barWidth, height: 2, rx: 1}));
    }
    if (index % labelEvery === 0) {
      group.appendChild(s('text', {x: left + barWidth / 2, y: height - 8, 'text-anchor': 'middle',
        class: 'axis-label'}, bar.label));
    }
    svg.appendChild(group);
  });
  return svg;
}
