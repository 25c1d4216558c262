// The job graph as an SVG DAG. Vertices are placed in layers by their longest path from a
// source (a vertex with no input edge), so every edge points one way: left to right when the
// layers fit the width available, top down otherwise (deep plans: source, filter, join,
// project, aggregate, sink). An edge that spans several layers passes through a placeholder
// in each layer it crosses, so it is routed around the vertices instead of through them.
// Within a layer, vertices and placeholders are ordered by the mean position of their
// neighbours (a pass forwards, a pass backwards), which removes most crossings in the shapes
// SQL plans have (chains, joins, unions). Each vertex is one <g class="vertex"
// data-vertex-id="N">; update() rewrites its figures in place from /api/v1/jobs/{id}/metrics.

import {s, setText} from './dom.js';
import * as format from './format.js';

const NODE_WIDTH = 224;
const NODE_HEIGHT = 104;
const PLACEHOLDER = 18;
const PAD = 24;
const SPACING = {
  'left-right': {along: 92, across: 26},
  'top-down': {along: 62, across: 44},
};

/** The back-pressure tone: ok (green) below 0.5, warn (amber) below 0.8, bad (red) from 0.8 (back_pressured). */
export function pressureTone(metrics) {
  if (!metrics) {
    return 'muted';
  }
  if (metrics.back_pressured || metrics.back_pressure >= 0.8) {
    return 'bad';
  }
  return metrics.back_pressure >= 0.5 ? 'warn' : 'ok';
}

/** Layer (longest path from a source) of each vertex id; a cycle, which a job graph never has, ends in layer 0. */
export function layers(vertices, edges) {
  const layer = new Map(vertices.map(vertex => [vertex.id, 0]));
  const incoming = new Map(vertices.map(vertex => [vertex.id, 0]));
  const outgoing = new Map(vertices.map(vertex => [vertex.id, []]));
  for (const edge of edges) {
    if (!layer.has(edge.source) || !layer.has(edge.target)) {
      continue;
    }
    incoming.set(edge.target, incoming.get(edge.target) + 1);
    outgoing.get(edge.source).push(edge.target);
  }
  const ready = vertices.filter(vertex => incoming.get(vertex.id) === 0).map(vertex => vertex.id);
  while (ready.length > 0) {
    const id = ready.shift();
    for (const target of outgoing.get(id)) {
      layer.set(target, Math.max(layer.get(target), layer.get(id) + 1));
      incoming.set(target, incoming.get(target) - 1);
      if (incoming.get(target) === 0) {
        ready.push(target);
      }
    }
  }
  return layer;
}

/**
 * Positions for one direction ('left-right' or 'top-down'): {orientation, width, height,
 * boxes: Map(vertex id → {x, y}), routes: [{edge, points: [{x, y}] of the placeholders it
 * passes]}.
 */
export function layout(vertices, edges, direction) {
  const spacing = SPACING[direction];
  const leftRight = direction === 'left-right';
  const nodeAlong = leftRight ? NODE_WIDTH : NODE_HEIGHT;
  const nodeAcross = leftRight ? NODE_HEIGHT : NODE_WIDTH;
  const layerOf = layers(vertices, edges);
  const ids = new Set(vertices.map(vertex => vertex.id));
  const usable = edges.filter(edge => ids.has(edge.source) && ids.has(edge.target)
    && layerOf.get(edge.target) > layerOf.get(edge.source));

  // Items are vertices ('v' + id) and placeholders ('p' + edge index + '.' + layer).
  const columns = [];
  const place = (key, layer) => (columns[layer] = columns[layer] || []).push(key);
  for (const vertex of [...vertices].sort((a, b) => a.id - b.id)) {
    place('v' + vertex.id, layerOf.get(vertex.id));
  }
  const links = [];
  const chains = usable.map((edge, index) => {
    const chain = ['v' + edge.source];
    for (let layer = layerOf.get(edge.source) + 1; layer < layerOf.get(edge.target); layer++) {
      const key = 'p' + index + '.' + layer;
      place(key, layer);
      chain.push(key);
    }
    chain.push('v' + edge.target);
    for (let step = 1; step < chain.length; step++) {
      links.push([chain[step - 1], chain[step]]);
    }
    return chain;
  });
  for (let layer = 0; layer < columns.length; layer++) {
    columns[layer] = columns[layer] || [];
  }

  const rank = new Map();
  const number = column => column.forEach((key, position) => rank.set(key, position));
  columns.forEach(number);
  const reorder = (column, forwards) => {
    const keys = new Map(column.map(key => {
      const near = links.filter(link => link[forwards ? 1 : 0] === key).map(link => rank.get(link[forwards ? 0 : 1]));
      return [key, near.length === 0 ? rank.get(key) : near.reduce((sum, value) => sum + value, 0) / near.length];
    }));
    column.sort((a, b) => keys.get(a) - keys.get(b) || rank.get(a) - rank.get(b));
    number(column);
  };
  for (let layer = 1; layer < columns.length; layer++) {
    reorder(columns[layer], true);
  }
  for (let layer = columns.length - 2; layer >= 0; layer--) {
    reorder(columns[layer], false);
  }

  const size = key => (key.startsWith('v') ? nodeAcross : PLACEHOLDER);
  const extent = column => column.reduce((sum, key) => sum + size(key), 0)
    + Math.max(0, column.length - 1) * spacing.across;
  const across = Math.max(nodeAcross, ...columns.map(extent));
  const along = columns.length * nodeAlong + Math.max(0, columns.length - 1) * spacing.along;
  const centre = new Map();
  columns.forEach((column, layer) => {
    let offset = PAD + (across - extent(column)) / 2;
    const alongStart = PAD + layer * (nodeAlong + spacing.along);
    for (const key of column) {
      const a = alongStart + nodeAlong / 2;
      const c = offset + size(key) / 2;
      centre.set(key, leftRight ? {x: a, y: c} : {x: c, y: a});
      offset += size(key) + spacing.across;
    }
  });
  const boxes = new Map(vertices.map(vertex => {
    const middle = centre.get('v' + vertex.id);
    return [vertex.id, {x: middle.x - NODE_WIDTH / 2, y: middle.y - NODE_HEIGHT / 2}];
  }));
  const routes = usable.map((edge, index) => ({
    edge,
    points: chains[index].slice(1, -1).map(key => centre.get(key)),
  }));
  return {
    orientation: direction,
    boxes,
    routes,
    width: PAD * 2 + (leftRight ? along : across),
    height: PAD * 2 + (leftRight ? across : along),
  };
}

/** 'left-right' when the graph drawn that way fits availableWidth, 'top-down' otherwise. */
export function orientation(graph, availableWidth) {
  const shape = layout((graph && graph.vertices) || [], (graph && graph.edges) || [], 'left-right');
  return shape.width <= availableWidth ? 'left-right' : 'top-down';
}

/**
 * Draws the graph, left to right when it fits availableWidth, top down otherwise; returns
 * {element, orientation, update(metricsByVertexId), select(id)}. onSelect(id) is called when
 * a vertex is clicked (or chosen with Enter).
 */
export function drawGraph(graph, availableWidth, onSelect) {
  const vertices = graph.vertices || [];
  const edges = graph.edges || [];
  const shape = layout(vertices, edges, orientation(graph, availableWidth));
  const leftRight = shape.orientation === 'left-right';
  const {boxes, width, height} = shape;
  const svg = s('svg', {class: 'job-graph ' + shape.orientation, width, height, viewBox: `0 0 ${width} ${height}`,
    role: 'img', 'aria-label': 'job graph', dataset: {orientation: shape.orientation}});
  svg.appendChild(s('defs', null,
    s('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
      orient: 'auto-start-reverse'}, s('path', {d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head'}))));

  // Ports: an edge leaves its source's far side and enters its target's near side; several
  // edges on one side are spread along it, inputs in input order, outputs in the order of
  // where they go.
  const firstStep = route => route.points[0] || centreOf(boxes.get(route.edge.target));
  const lastStep = route => route.points[route.points.length - 1] || centreOf(boxes.get(route.edge.source));
  const acrossOf = point => (leftRight ? point.y : point.x);
  const outputs = new Map();
  const inputs = new Map();
  for (const route of shape.routes) {
    (outputs.get(route.edge.source) || outputs.set(route.edge.source, []).get(route.edge.source)).push(route);
    (inputs.get(route.edge.target) || inputs.set(route.edge.target, []).get(route.edge.target)).push(route);
  }
  for (const list of outputs.values()) {
    list.sort((a, b) => acrossOf(firstStep(a)) - acrossOf(firstStep(b)));
  }
  for (const list of inputs.values()) {
    list.sort((a, b) => (a.edge.input || 0) - (b.edge.input || 0) || acrossOf(lastStep(a)) - acrossOf(lastStep(b)));
  }
  const port = (box, list, route, far) => {
    const fraction = (list.indexOf(route) + 1) / (list.length + 1);
    return leftRight
      ? {x: box.x + (far ? NODE_WIDTH : -2), y: box.y + NODE_HEIGHT * fraction}
      : {x: box.x + NODE_WIDTH * fraction, y: box.y + (far ? NODE_HEIGHT : -2)};
  };

  const edgeLayer = s('g', {class: 'edges'});
  const labelLayer = s('g', {class: 'edge-labels'});
  for (const route of shape.routes) {
    const {edge} = route;
    const points = [port(boxes.get(edge.source), outputs.get(edge.source), route, true), ...route.points,
      port(boxes.get(edge.target), inputs.get(edge.target), route, false)];
    let d = `M ${points[0].x} ${points[0].y}`;
    for (let index = 1; index < points.length; index++) {
      const from = points[index - 1];
      const to = points[index];
      const bend = Math.max(24, ((leftRight ? to.x - from.x : to.y - from.y)) / 2);
      d += leftRight
        ? ` C ${from.x + bend} ${from.y}, ${to.x - bend} ${to.y}, ${to.x} ${to.y}`
        : ` C ${from.x} ${from.y + bend}, ${to.x} ${to.y - bend}, ${to.x} ${to.y}`;
    }
    const partitioning = edge.partitioning || 'forward';
    const kind = partitioning.startsWith('hash') ? 'hash'
      : partitioning === 'broadcast' || partitioning === 'single' ? partitioning : 'forward';
    edgeLayer.appendChild(s('path', {d, class: 'edge edge-' + kind, 'marker-end': 'url(#arrow)',
      dataset: {source: edge.source, target: edge.target}}, s('title', null, partitioning)));
    const label = partitioning.length > 28 ? partitioning.slice(0, 27) + '\u2026' : partitioning;
    const last = points[points.length - 1];
    const before = points[points.length - 2];
    const middle = {x: (before.x + last.x) / 2, y: (before.y + last.y) / 2};
    labelLayer.appendChild(leftRight
      ? s('text', {x: middle.x, y: middle.y - 7, 'text-anchor': 'middle', class: 'edge-label edge-label-' + kind},
        label, s('title', null, partitioning))
      : s('text', {x: middle.x + 8, y: middle.y + 4, 'text-anchor': 'start', class: 'edge-label edge-label-' + kind},
        label, s('title', null, partitioning)));
  }
  svg.appendChild(edgeLayer);

  const nodes = new Map();
  const vertexLayer = s('g', {class: 'vertices'});
  for (const vertex of vertices) {
    const node = drawVertex(vertex, boxes.get(vertex.id), onSelect);
    nodes.set(vertex.id, node);
    vertexLayer.appendChild(node.element);
  }
  svg.appendChild(vertexLayer);
  svg.appendChild(labelLayer);

  const byId = new Map(vertices.map(vertex => [vertex.id, vertex]));
  const update = metricsById => {
    for (const [id, node] of nodes) {
      const metrics = metricsById.get(id) || (byId.get(id) || {}).metrics;
      node.update(metrics);
    }
  };
  update(new Map());
  const select = id => {
    for (const [vertexId, node] of nodes) {
      node.element.classList.toggle('selected', vertexId === id);
    }
  };
  return {element: svg, orientation: shape.orientation, update, select};
}

function centreOf(box) {
  return {x: box.x + NODE_WIDTH / 2, y: box.y + NODE_HEIGHT / 2};
}

function drawVertex(vertex, position, onSelect) {
  const name = vertex.name || ('vertex ' + vertex.id);
  const text = (x, y, className, content, anchor) => s('text', {x, y, class: className,
    'text-anchor': anchor || 'start'}, content);
  const rowsIn = text(12, 50, 'v-figure v-rows-in', '');
  const rowsOut = text(NODE_WIDTH - 12, 50, 'v-figure v-rows-out', '', 'end');
  const busy = text(12, 72, 'v-figure v-busy', '');
  const pressure = text(NODE_WIDTH - 12, 72, 'v-figure v-back-pressure', '', 'end');
  const busyBar = s('rect', {x: 12, y: 78, width: 0, height: 4, rx: 2, class: 'v-busy-bar'});
  const state = text(12, 96, 'v-figure v-state', '');
  const total = text(NODE_WIDTH - 12, 96, 'v-figure v-rows-in-total', '', 'end');
  const title = s('title', null, '');
  const frame = s('rect', {width: NODE_WIDTH, height: NODE_HEIGHT, rx: 8, class: 'v-frame'});
  const stripe = s('rect', {width: 6, height: NODE_HEIGHT, rx: 3, class: 'v-stripe'});
  const label = name.length > 22 ? name.slice(0, 21) + '\u2026' : name;
  const element = s('g', {
    class: 'vertex tone-muted', transform: `translate(${position.x}, ${position.y})`,
    tabindex: 0, role: 'button', dataset: {vertexId: vertex.id},
    onclick: () => onSelect && onSelect(vertex.id),
    onkeydown: event => {
      if ((event.key === 'Enter' || event.key === ' ') && onSelect) {
        event.preventDefault();
        onSelect(vertex.id);
      }
    },
  },
  title, frame, stripe,
  text(14, 22, 'v-name', label),
  text(NODE_WIDTH - 12, 22, 'v-parallelism', '\u00d7' + (vertex.parallelism || 1), 'end'),
  s('line', {x1: 12, x2: NODE_WIDTH - 12, y1: 31, y2: 31, class: 'v-rule'}),
  s('rect', {x: 12, y: 78, width: NODE_WIDTH - 24, height: 4, rx: 2, class: 'v-busy-track'}),
  rowsIn, rowsOut, busy, pressure, busyBar, state, total);

  const update = metrics => {
    const m = metrics || {};
    setText(rowsIn, 'in ' + format.rate(m.rows_in_per_second));
    setText(rowsOut, 'out ' + format.rate(m.rows_out_per_second));
    setText(busy, 'busy ' + format.percent(m.busy_ratio));
    setText(pressure, 'back-pressure ' + format.percent(m.back_pressure));
    setText(state, 'state ' + (m.state_bytes === null ? 'in heap' : format.bytes(m.state_bytes)));
    setText(total, '\u03a3 in ' + format.exact(m.rows_in));
    const ratio = Math.max(0, Math.min(1, m.busy_ratio || 0));
    busyBar.setAttribute('width', String((NODE_WIDTH - 24) * ratio));
    const tone = pressureTone(metrics);
    element.setAttribute('class', element.getAttribute('class').replace(/tone-\w+/, 'tone-' + tone));
    setText(title, name + ' (vertex ' + vertex.id + ', parallelism ' + (vertex.parallelism || 1) + ')'
      + (vertex.description ? '\n' + vertex.description : '')
      + '\nrows in ' + format.exact(m.rows_in) + ', rows out ' + format.exact(m.rows_out)
      + '\nqueued messages ' + format.exact(m.queued_messages)
      + '\nepochs not finished ' + format.exact(m.epoch_lag));
  };
  return {element, update};
}
