// Celador playground: editors for a policy tree and the objects it judges; every change is posted
// (debounced) to the local server, which answers with what `celador check` would decide. The
// whole state lives in the URL fragment, compressed, so a link reproduces the page; the page
// talks to nothing but its own server.
'use strict';

const EDITORS = [
  {id: 'validating', label: 'Validating', hint: 'ValidatingAdmissionPolicy + binding, or celador.dev ValidatingPolicy (YAML, several documents allowed)'},
  {id: 'mutating', label: 'Mutating', hint: 'MutatingAdmissionPolicy + binding, or celador.dev MutatingPolicy'},
  {id: 'params', label: 'Params', hint: 'params objects (ConfigMaps) that paramRef names'},
  {id: 'exceptions', label: 'Exceptions', hint: 'celador.dev/v1alpha1 PolicyException objects'},
  {id: 'resources', label: 'Resources', hint: 'the objects to admit (YAML, several documents allowed)'},
  {id: 'oldObject', label: 'Old object', hint: 'the existing objects, for UPDATE and DELETE (paired by kind, namespace and name)'},
  {id: 'clusterState', label: 'Cluster state', hint: 'objects resource.Get / resource.List and namespace selectors see'},
];
const DEBOUNCE_MS = 250;

const $ = (selector) => document.querySelector(selector);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
};

const state = {editors: {}, operation: 'CREATE', picked: {validating: '', mutating: ''}, tab: 'validating'};
let catalog = {policies: [], examples: []};
let problems = [];
let timer = null;
let inFlight = null;
let sequence = 0;

// ---- editors ------------------------------------------------------------------------------

function buildEditors() {
  for (const e of EDITORS) {
    state.editors[e.id] = '';
    $('#tabs').append(el('button', {type: 'button', role: 'tab', id: 'tab-' + e.id, 'data-editor': e.id,
      onclick: () => showTab(e.id)}, el('span', {text: e.label}), el('span', {class: 'badge'})));
    const textarea = el('textarea', {id: 'editor-' + e.id, spellcheck: 'false', wrap: 'off', autocapitalize: 'off',
      autocomplete: 'off', placeholder: e.hint, 'aria-label': e.label});
    const backdrop = el('pre', {class: 'backdrop', 'aria-hidden': 'true'});
    const gutter = el('div', {class: 'gutter', 'aria-hidden': 'true'});
    const pane = el('div', {class: 'editor', id: 'pane-' + e.id, 'data-editor': e.id, role: 'tabpanel', hidden: ''},
      gutter, el('div', {class: 'code'}, backdrop, textarea));
    textarea.addEventListener('input', () => {
      state.editors[e.id] = textarea.value;
      paintEditor(e.id);
      changed();
    });
    textarea.addEventListener('scroll', () => {
      backdrop.scrollTop = textarea.scrollTop;
      backdrop.scrollLeft = textarea.scrollLeft;
      gutter.scrollTop = textarea.scrollTop;
    });
    textarea.addEventListener('keydown', (ev) => {
      if (ev.key === 'Tab' && !ev.shiftKey && !ev.ctrlKey && !ev.metaKey) {
        ev.preventDefault();
        document.execCommand('insertText', false, '  ');
      }
    });
    $('#editor-panes').append(pane);
  }
}

function showTab(id) {
  state.tab = id;
  for (const e of EDITORS) {
    $('#pane-' + e.id).hidden = e.id !== id;
    $('#tab-' + e.id).setAttribute('aria-selected', String(e.id === id));
  }
  renderEditorProblems();
}

function setEditor(id, text) {
  state.editors[id] = text;
  $('#editor-' + id).value = text;
  paintEditor(id);
}

/** Line numbers, and under the text each problem's place: a wavy line from its column to the end of the word. */
function paintEditor(id) {
  const text = state.editors[id];
  const lines = text.split('\n');
  const mine = problems.filter((p) => p.editor === id && p.line > 0);
  const byLine = new Map();
  for (const p of mine) {
    if (!byLine.has(p.line)) byLine.set(p.line, []);
    byLine.get(p.line).push(p);
  }
  const gutter = $('#pane-' + id + ' .gutter');
  gutter.replaceChildren(...lines.map((_, i) => el('div', {class: byLine.has(i + 1) ? 'has-error' : '', text: String(i + 1)})));
  const backdrop = $('#pane-' + id + ' .backdrop');
  const nodes = [];
  lines.forEach((line, i) => {
    const here = byLine.get(i + 1);
    if (!here) {
      nodes.push(document.createTextNode(line + '\n'));
      return;
    }
    const p = here[0];
    const start = Math.max(0, Math.min(line.length, (p.column || 1) - 1));
    let end = start;
    while (end < line.length && !/\s/.test(line[end])) end++;
    const marked = end > start ? line.slice(start, end) : '\u00a0';
    nodes.push(document.createTextNode(line.slice(0, start)));
    nodes.push(el('span', {class: 'cel-error', 'data-line': String(i + 1), 'data-column': String(p.column), title: p.message,
      text: marked}));
    nodes.push(document.createTextNode(line.slice(end) + '\n'));
  });
  backdrop.replaceChildren(...nodes);
  const textarea = $('#editor-' + id);
  backdrop.scrollTop = textarea.scrollTop;
  backdrop.scrollLeft = textarea.scrollLeft;
  gutter.scrollTop = textarea.scrollTop;
  const badge = $('#tab-' + id + ' .badge');
  const count = problems.filter((p) => p.editor === id).length;
  badge.textContent = count ? String(count) : (text.trim() ? '•' : '');
  badge.className = 'badge' + (count ? ' error' : '');
}

/** Puts the caret at a line and column of an editor, and shows that editor. */
function jumpTo(editor, line, column) {
  if (!EDITORS.some((e) => e.id === editor)) return;
  showTab(editor);
  const textarea = $('#editor-' + editor);
  const lines = state.editors[editor].split('\n');
  let offset = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += lines[i].length + 1;
  offset += Math.max(0, (column || 1) - 1);
  textarea.focus();
  textarea.setSelectionRange(offset, offset);
  const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 18;
  textarea.scrollTop = Math.max(0, (line - 4) * lineHeight);
}

function problemText(p) {
  const where = (EDITORS.find((e) => e.id === p.editor) || {label: p.editor}).label + (p.line ? ':' + p.line + ':' + p.column : '');
  const what = [p.policy, p.field].filter((x) => x).join('/');
  return where + (what ? ' ' + what : '') + ': ' + p.message;
}

function problemItem(p) {
  return el('li', {class: 'problem', 'data-editor': p.editor, 'data-line': String(p.line)},
    el('a', {href: '#', text: problemText(p), onclick: (ev) => { ev.preventDefault(); jumpTo(p.editor, p.line, p.column); }}));
}

function renderEditorProblems() {
  $('#editor-problems').replaceChildren(...problems.filter((p) => p.editor === state.tab).map(problemItem));
}

// ---- evaluation ---------------------------------------------------------------------------

function changed() {
  clearTimeout(timer);
  timer = setTimeout(() => {
    evaluate();
    saveToUrl();
  }, DEBOUNCE_MS);
}

function requestBody() {
  return JSON.stringify(Object.assign({operation: state.operation}, state.editors));
}

async function evaluate() {
  const mine = ++sequence;
  if (inFlight) inFlight.abort();
  inFlight = new AbortController();
  setStatus('evaluating…', 'busy');
  const started = performance.now();
  try {
    const response = await fetch('/api/evaluate', {method: 'POST', headers: {'Content-Type': 'application/json'},
      body: requestBody(), signal: inFlight.signal});
    if (!response.ok) throw new Error(response.status + ' ' + (await response.text()));
    const answer = await response.json();
    if (mine !== sequence) return;
    render(answer);
    setStatus('evaluated in ' + Math.round(performance.now() - started) + ' ms', 'done');
  } catch (e) {
    if (e.name === 'AbortError') return;
    setStatus('the local server did not answer: ' + e.message, 'failed');
  }
}

function setStatus(text, kind) {
  const status = $('#status');
  status.textContent = text;
  status.dataset.state = kind;
}

// ---- results ------------------------------------------------------------------------------

function render(answer) {
  problems = answer.problems || [];
  for (const e of EDITORS) paintEditor(e.id);
  renderEditorProblems();
  $('#problems-all').replaceChildren(...(problems.length
    ? [el('h2', {text: problems.length + (problems.length === 1 ? ' problem' : ' problems')}),
      el('ul', {class: 'problems'}, ...problems.map(problemItem))]
    : []));
  const s = answer.summary;
  $('#summary').replaceChildren(...['fail', 'warn', 'error', 'pass', 'skip'].map((r) =>
    el('span', {class: 'count result-' + r, 'data-result': r, text: s[r] + ' ' + r})));
  if (!answer.resources.length) {
    $('#resources').replaceChildren(el('p', {class: 'hint', text: 'Add resources (or pick an example) to see the verdicts.'}));
  } else {
    $('#resources').replaceChildren(...answer.resources.map(renderResource));
  }
  renderExpressions(answer.expressions || []);
}

function renderResource(r) {
  const id = r.resource.kind + ' ' + (r.resource.namespace ? r.resource.namespace + '/' : '') + r.resource.name;
  const card = el('article', {class: 'resource', 'data-resource': id},
    el('h2', {}, el('span', {text: id}), el('span', {class: 'verdict ' + (r.allowed ? 'allowed' : 'denied'),
      text: r.allowed ? 'allowed' : 'denied'})));
  if (r.message) card.append(el('pre', {class: 'denial', text: r.message}));
  const shown = r.results.filter((x) => x.result !== 'skip');
  const skipped = r.results.filter((x) => x.result === 'skip');
  if (shown.length) {
    const rows = shown.map((x) => {
      const messages = el('ul', {class: 'messages'}, ...x.violations.map((v) =>
        el('li', {class: v.error ? 'error' : '', text: v.message})));
      if (x.exception) messages.append(el('li', {text: 'exception ' + x.exception.name + ': ' + x.exception.reason}));
      const annotations = Object.entries(x.auditAnnotations).map(([k, v]) => el('li', {class: 'annotation', text: k + ': ' + v}));
      messages.append(...annotations);
      return el('tr', {class: 'policy-result', 'data-policy': x.policy},
        el('td', {}, el('span', {text: x.policy}), x.binding ? el('small', {text: ' ' + x.binding}) : ''),
        el('td', {}, el('span', {class: 'result result-' + x.result, text: x.result})),
        el('td', {class: 'actions', text: x.actions.join(', ')}),
        el('td', {}, messages));
    });
    card.append(el('table', {class: 'results'},
      el('thead', {}, el('tr', {}, el('th', {text: 'policy (binding)'}), el('th', {text: 'result'}), el('th', {text: 'actions'}),
        el('th', {text: 'messages'}))),
      el('tbody', {}, ...rows)));
  }
  if (skipped.length) {
    card.append(el('p', {class: 'skipped', text: 'skipped (not matched, or lifted by an exception): '
      + [...new Set(skipped.map((x) => x.policy))].join(', ')}));
  }
  if (r.warnings.length) {
    card.append(el('h3', {text: 'Warnings'}), el('ul', {class: 'warnings'}, ...r.warnings.map((w) => el('li', {text: w}))));
  }
  const annotations = Object.entries(r.auditAnnotations);
  if (annotations.length) {
    card.append(el('h3', {text: 'Audit annotations'}),
      el('ul', {class: 'annotations'}, ...annotations.map(([k, v]) => el('li', {}, el('code', {text: k}), ': ' + v))));
  }
  const mutating = r.mutations.filter((m) => m.result !== 'skip');
  if (mutating.length) {
    card.append(el('h3', {text: 'Mutations'}), el('ul', {class: 'mutations'}, ...mutating.map((m) =>
      el('li', {'data-policy': m.policy}, el('span', {class: 'result result-' + m.result, text: m.result}),
        ' ' + m.policy + (m.binding ? ' (' + m.binding + ')' : '') + (m.message ? ': ' + m.message : '')))));
  }
  if (r.mutation) {
    card.append(el('h3', {text: 'Mutated object'}), sideBySide(r.mutation.before, r.mutation.after),
      el('h3', {text: 'JSON Patch'}), el('pre', {class: 'patch', text: JSON.stringify(r.mutation.patch, null, 2)}));
  }
  return card;
}

/** A side-by-side line diff (longest common subsequence): removed lines left, added right, the rest on both. */
function sideBySide(before, after) {
  const a = before.replace(/\n$/, '').split('\n');
  const b = after.replace(/\n$/, '').split('\n');
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({length: n + 1}, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const rows = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      rows.push([[i + 1, a[i], 'same'], [j + 1, b[j], 'same']]);
      i++;
      j++;
      continue;
    }
    const removed = [];
    const added = [];
    while ((i < n || j < m) && !(i < n && j < m && a[i] === b[j])) {
      if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) removed.push([i + 1, a[i++], 'removed']);
      else added.push([j + 1, b[j++], 'added']);
    }
    for (let k = 0; k < Math.max(removed.length, added.length); k++) rows.push([removed[k] || null, added[k] || null]);
  }
  const cell = (c) => c ? [el('td', {class: 'num', text: String(c[0])}), el('td', {class: c[2], text: c[1]})]
    : [el('td', {class: 'num'}), el('td', {class: 'empty'})];
  return el('table', {class: 'diff'},
    el('colgroup', {}, el('col', {class: 'num'}), el('col'), el('col', {class: 'num'}), el('col')),
    el('thead', {}, el('tr', {}, el('th', {colspan: '2', text: 'before'}), el('th', {colspan: '2', text: 'after'}))),
    el('tbody', {}, ...rows.map(([l, r]) => el('tr', {}, ...cell(l), ...cell(r)))));
}

function renderExpressions(expressions) {
  $('#expressions tbody').replaceChildren(...expressions.map((x) => el('tr', {class: x.evaluations ? '' : 'not-run'},
    el('td', {text: x.policy}),
    el('td', {}, el('a', {href: '#', text: x.field, onclick: (ev) => { ev.preventDefault(); jumpTo(x.editor, x.line, x.column); }})),
    el('td', {class: 'num', text: String(x.line)}),
    el('td', {class: 'num', text: String(x.evaluations)}),
    el('td', {class: 'num', text: String(x.cost)}),
    el('td', {class: 'num', text: x.evaluations ? x.micros.toFixed(1) : ''}))));
}

// ---- export -------------------------------------------------------------------------------

async function exportNative() {
  setStatus('exporting…', 'busy');
  try {
    const response = await fetch('/api/export', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: requestBody()});
    if (!response.ok) throw new Error(response.status + ' ' + (await response.text()));
    const answer = await response.json();
    $('#export-messages').textContent = answer.messages;
    $('#export-yaml').textContent = answer.yaml || '# nothing exported';
    $('#export-panel').hidden = false;
    $('#export-panel').scrollIntoView({block: 'nearest'});
    setStatus('export exited ' + answer.exitCode, answer.exitCode === 0 ? 'done' : 'failed');
  } catch (e) {
    setStatus('the local server did not answer: ' + e.message, 'failed');
  }
}

// ---- picker -------------------------------------------------------------------------------

async function loadCatalog() {
  const response = await fetch('/api/catalog');
  catalog = await response.json();
  for (const p of catalog.policies) {
    $('#' + p.kind + '-options').append(el('option', {value: p.name, text: p.name}));
  }
  for (const x of catalog.examples) {
    $('#pick-example').append(el('option', {value: x.name, text: x.name}));
  }
}

function pickPolicy(name) {
  const policy = catalog.policies.find((p) => p.name === name);
  if (!policy) return;
  state.picked[policy.kind] = name;
  setEditor(policy.kind, policy.policy);
  // The params of the picked policies, both kinds: a second pick keeps the first one's params.
  const params = Object.values(state.picked).map((n) => catalog.policies.find((p) => p.name === n))
    .filter((p) => p && p.params).map((p) => p.params.replace(/\n*$/, '\n'));
  setEditor('params', params.join('---\n'));
  showTab(policy.kind);
  changed();
}

function pickExample(name) {
  const example = catalog.examples.find((x) => x.name === name);
  if (!example) return;
  setEditor('resources', example.text);
  showTab('resources');
  changed();
}

// ---- state in the URL fragment ------------------------------------------------------------

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pipe(bytes, stream) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

async function encodeState() {
  const json = JSON.stringify({v: 1, editors: state.editors, operation: state.operation, picked: state.picked, tab: state.tab});
  return toBase64Url(await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw')));
}

async function decodeState(text) {
  const json = new TextDecoder().decode(await pipe(fromBase64Url(text), new DecompressionStream('deflate-raw')));
  return JSON.parse(json);
}

async function saveToUrl() {
  const encoded = await encodeState();
  history.replaceState(null, '', '#s=' + encoded);
}

async function restoreFromUrl() {
  const match = location.hash.match(/^#s=([A-Za-z0-9_-]+)$/);
  if (!match) return false;
  try {
    const saved = await decodeState(match[1]);
    for (const e of EDITORS) setEditor(e.id, typeof saved.editors[e.id] === 'string' ? saved.editors[e.id] : '');
    state.operation = ['CREATE', 'UPDATE', 'DELETE'].includes(saved.operation) ? saved.operation : 'CREATE';
    $('#operation').value = state.operation;
    state.picked = Object.assign({validating: '', mutating: ''}, saved.picked || {});
    showTab(EDITORS.some((e) => e.id === saved.tab) ? saved.tab : 'validating');
    return true;
  } catch (e) {
    setStatus('the link holds no state this page can read: ' + e.message, 'failed');
    return false;
  }
}

async function copyLink() {
  await saveToUrl();
  try {
    await navigator.clipboard.writeText(location.href);
    setStatus('link copied: it holds the whole state', 'done');
  } catch (e) {
    setStatus('copy the address bar: it holds the whole state', 'done');
  }
}

// ---- start --------------------------------------------------------------------------------

async function start() {
  buildEditors();
  showTab('validating');
  $('#pick-policy').addEventListener('change', (ev) => { pickPolicy(ev.target.value); ev.target.value = ''; });
  $('#pick-example').addEventListener('change', (ev) => { pickExample(ev.target.value); ev.target.value = ''; });
  $('#operation').addEventListener('change', (ev) => { state.operation = ev.target.value; changed(); });
  $('#export').addEventListener('click', exportNative);
  $('#export-close').addEventListener('click', () => { $('#export-panel').hidden = true; });
  $('#share').addEventListener('click', copyLink);
  window.addEventListener('hashchange', async () => {
    if (await restoreFromUrl()) evaluate();
  });
  await loadCatalog().catch((e) => setStatus('cannot read the catalog: ' + e.message, 'failed'));
  await restoreFromUrl();
  for (const e of EDITORS) paintEditor(e.id);
  await evaluate();
  document.body.dataset.ready = 'true';
}

start();
