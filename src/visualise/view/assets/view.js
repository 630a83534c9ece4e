// Browser side of the dome-flows run view: reads the run's inspection events from /events and
// shows the job machine's diagram with the active state, the context and the event log.
/* global mermaid */

/** Rows the event log keeps on screen; older rows are removed first. */
const MAX_LOG_ROWS = 500;
/** Strings longer than this are cut in the context panel, such as image data URLs. */
const MAX_SHOWN_STRING_LENGTH = 160;

const config = await (await fetch('/config.json')).json();
mermaid.initialize({
  startOnLoad: false,
  securityLevel: 'strict',
  maxTextSize: 500_000,
  maxEdges: 5_000,
});

const view = {
  rootId: null,
  machineId: null,
  snapshot: null,
  firstEventAtMs: null,
  renderedMachineId: null,
  fitToWidth: true,
  renderCount: 0,
  updateScheduled: false,
  ended: null,
};

const byId = (id) => document.getElementById(id);
byId('title').textContent = config.title;
document.title = `${config.title} - dome-flows view`;

byId('fit').addEventListener('click', () => {
  view.fitToWidth = !view.fitToWidth;
  applyZoom();
});

const feed = new EventSource('/events');
feed.addEventListener('open', () => {
  byId('feed').textContent = 'live';
});
feed.addEventListener('message', (message) => receive(JSON.parse(message.data)));
feed.addEventListener('end', (message) => {
  view.ended = JSON.parse(message.data).reason;
  feed.close();
  scheduleUpdate();
});

/** Applies one recorded inspection event to the view. */
function receive(event) {
  view.firstEventAtMs ??= event.atMs;
  const isJobMachine = event.parentId === undefined && event.machineId in config.diagrams;

  if (event.type === '@xstate.actor' && isJobMachine) {
    // A new job machine: the demo runs several one after the other.
    view.rootId = event.actorId;
    view.machineId = event.machineId;
    view.snapshot = null;
    byId('log').tBodies[0].replaceChildren();
  }
  if (event.actorId !== view.rootId) return;

  if (event.type === '@xstate.snapshot' && event.snapshot) view.snapshot = event.snapshot;
  if (event.type === '@xstate.event') appendLogRow(event);
  scheduleUpdate();
}

function appendLogRow(event) {
  const row = document.createElement('tr');
  const seconds = ((event.atMs - view.firstEventAtMs) / 1000).toFixed(2);
  const type = typeof event.event?.type === 'string' ? event.event.type : '?';
  for (const text of [seconds, type, event.sourceId ?? 'outside']) {
    const cell = document.createElement('td');
    cell.textContent = text;
    row.append(cell);
  }
  const body = byId('log').tBodies[0];
  body.prepend(row);
  while (body.rows.length > MAX_LOG_ROWS) body.deleteRow(-1);
}

/** Batches the redraw of many events that arrive together into one frame. */
function scheduleUpdate() {
  if (view.updateScheduled) return;
  view.updateScheduled = true;
  requestAnimationFrame(() => {
    view.updateScheduled = false;
    update().catch((error) => {
      byId('diagram').textContent = `Could not draw the diagram: ${error}`;
    });
  });
}

async function update() {
  const snapshot = view.snapshot;
  const statePath = snapshot ? describeValue(snapshot.value) : '-';
  byId('machine').textContent = view.machineId ?? 'waiting for a job to start';
  byId('state').textContent = statePath;
  byId('status').textContent = snapshot?.status ?? '-';
  byId('job-id').textContent = snapshot?.context?.jobId ?? '-';
  byId('feed').textContent = view.ended === null ? 'live' : `ended: ${view.ended}`;
  byId('context').textContent = snapshot ? JSON.stringify(snapshot.context, shorten, 2) : '-';
  showPreviews(snapshot?.context);

  document.body.dataset.state = statePath;
  document.body.dataset.status = snapshot?.status ?? '';
  document.body.dataset.phase = view.ended === null ? 'live' : 'ended';

  if (view.machineId !== null && view.renderedMachineId !== view.machineId) {
    await drawDiagram(view.machineId);
  }
  highlight(snapshot ? activeStateIds(snapshot.value) : []);
}

async function drawDiagram(machineId) {
  view.renderCount += 1;
  const { svg } = await mermaid.render(`diagram-${view.renderCount}`, config.diagrams[machineId]);
  byId('diagram').innerHTML = svg;
  view.renderedMachineId = machineId;
  applyZoom();
}

/** Shows the diagram at its natural size, where labels are readable, or fitted to the panel. */
function applyZoom() {
  const svg = byId('diagram').querySelector('svg');
  byId('fit').textContent = view.fitToWidth ? 'Show natural size' : 'Fit to panel';
  if (!svg) return;
  svg.style.maxWidth = view.fitToWidth ? '100%' : 'none';
  svg.setAttribute('width', view.fitToWidth ? '100%' : svg.viewBox.baseVal.width);
}

/** Colours of an active state's shape, set inline to win over Mermaid's own, more specific rules. */
const ACTIVE_STYLE = { fill: '#ffe082', stroke: '#e65100', 'stroke-width': '3px' };
const ACTIVE_COMPOSITE_STYLE = { ...ACTIVE_STYLE, fill: '#fff8e1' };

/** Marks the diagram nodes of the active states, composite states included. */
function highlight(ids) {
  const svg = byId('diagram').querySelector('svg');
  if (!svg) return;
  for (const node of svg.querySelectorAll('g.active')) {
    node.classList.remove('active');
    for (const shape of shapesOf(node)) {
      for (const property of Object.keys(ACTIVE_STYLE)) shape.style.removeProperty(property);
    }
  }
  for (const id of ids) {
    // Mermaid names a simple state's group state-ID-N and a composite's group ID.
    const leafPattern = new RegExp(`^state-${id}-\\d+$`);
    for (const node of svg.querySelectorAll('g[id]')) {
      const isComposite = node.id === id && node.classList.contains('statediagram-cluster');
      if (!isComposite && !leafPattern.test(node.id)) continue;
      node.classList.add('active');
      const style = isComposite ? ACTIVE_COMPOSITE_STYLE : ACTIVE_STYLE;
      for (const shape of shapesOf(node)) {
        for (const [property, value] of Object.entries(style))
          shape.style.setProperty(property, value);
      }
    }
  }
  byId('diagram').dataset.active = ids.join(' ');
  // Keep the innermost active state in sight when the diagram is larger than its panel.
  const innermost = [...svg.querySelectorAll('g.active')].at(-1);
  innermost?.scrollIntoView({ block: 'center', inline: 'center' });
}

function shapesOf(node) {
  return [...node.children].filter((child) =>
    ['rect', 'path', 'polygon'].includes(child.localName),
  );
}

/** Returns the diagram ids of a state value, such as running and running_waiting. */
function activeStateIds(value, prefix = '') {
  if (typeof value === 'string') return [prefix + value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    prefix + key,
    ...activeStateIds(child, `${prefix}${key}_`),
  ]);
}

/** Turns a state value such as { running: 'waiting' } into running.waiting. */
function describeValue(value) {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  return Object.entries(value)
    .map(([key, child]) => `${key}.${describeValue(child)}`)
    .join(', ');
}

function shorten(_key, value) {
  if (typeof value === 'string' && value.length > MAX_SHOWN_STRING_LENGTH) {
    return `${value.slice(0, MAX_SHOWN_STRING_LENGTH)}... (${value.length} characters)`;
  }
  return value;
}

/** Shows the orientation variants a markup job offers, with the selected one outlined. */
function showPreviews(context) {
  const variants = Array.isArray(context?.orientationVariants) ? context.orientationVariants : [];
  byId('previews-panel').hidden = variants.length === 0;
  const container = byId('previews');
  const shownKeys = [...container.children].map((figure) => figure.dataset.key).join(',');
  if (shownKeys !== variants.map((variant) => variant.key).join(',')) {
    container.replaceChildren(...variants.map(previewFigure));
  }
  for (const figure of container.children) {
    figure.classList.toggle('selected', figure.dataset.key === context?.selectedOrientation);
  }
}

function previewFigure(variant) {
  const figure = document.createElement('figure');
  figure.dataset.key = variant.key;
  const image = document.createElement('img');
  image.alt = `${variant.key} preview`;
  // A preview the job no longer offers, or one a replay cannot reach, hides its image.
  image.addEventListener('error', () => {
    image.hidden = true;
  });
  image.src = previewSource(String(variant.preview_url ?? ''));
  const caption = document.createElement('figcaption');
  caption.textContent = variant.key;
  figure.append(image, caption);
  return figure;
}

/** Routes the in-process simulator's files through the view server, which can read them. */
function previewSource(url) {
  if (config.proxiedOrigin && url.startsWith(`${config.proxiedOrigin}/`)) {
    return `${config.proxiedFilesPath}?url=${encodeURIComponent(url)}`;
  }
  return url;
}
