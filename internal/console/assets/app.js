// egovsim console: plain JavaScript, no build step, no other origin. Every call goes to this
// tenant's admin API (or, for the try-it forms, to the simulated upstream) with the admin token,
// kept in sessionStorage, as an Authorization header.
'use strict';

const sim = document.body.dataset.sim; // "edoc" or "egov"
const tenantBase = location.pathname.replace(/__admin\/ui\/.*$/, ''); // "/" or "/t/{name}/"
const adminBase = tenantBase + '__admin/';
const tokenKey = 'egovsim-admin-token';
const $ = (id) => document.getElementById(id);

// el builds an element; children are nodes or text (never parsed as HTML).
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function authHeaders(extra) {
  const h = Object.assign({}, extra || {});
  const t = sessionStorage.getItem(tokenKey);
  if (t) h.Authorization = 'Bearer ' + t;
  return h;
}

class Unauthorized extends Error {}

// api calls the admin API; the answer's JSON (or text), or an Error with the admin error's text.
async function api(method, path, body, contentType) {
  const opts = { method, headers: authHeaders(contentType ? { 'Content-Type': contentType } : {}) };
  if (body !== undefined) opts.body = body;
  const res = await fetch(adminBase + path, opts);
  if (res.status === 401) { needLogin(); throw new Unauthorized('admin token required'); }
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const err = new Error((data && data.error) || ('HTTP ' + res.status));
    err.status = res.status; err.data = data;
    throw err;
  }
  return data;
}

// ---- login

function needLogin() {
  $('login').hidden = false;
  $('logout').hidden = !sessionStorage.getItem(tokenKey);
  if (sessionStorage.getItem(tokenKey)) $('login-error').textContent = 'That token was refused.';
}

$('login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  sessionStorage.setItem(tokenKey, $('token').value.trim());
  $('token').value = '';
  try {
    await api('GET', 'health');
    $('login').hidden = true;
    $('login-error').textContent = '';
    $('logout').hidden = false;
    startStream();
    refreshAll();
  } catch (e) { if (!(e instanceof Unauthorized)) $('login-error').textContent = e.message; }
});

$('logout').addEventListener('click', () => { sessionStorage.removeItem(tokenKey); location.reload(); });

// ---- tabs

function showTab(name) {
  for (const b of document.querySelectorAll('#tabs button')) b.classList.toggle('active', b.dataset.tab === name);
  for (const s of document.querySelectorAll('section.tab')) s.classList.toggle('active', s.id === name);
  if (location.hash !== '#' + name) history.replaceState(null, '', '#' + name);
}
for (const b of document.querySelectorAll('#tabs button')) b.addEventListener('click', () => showTab(b.dataset.tab));

// ---- phone (mock-edoc)

let lastSMS = [];
async function loadSMS() {
  if (sim !== 'edoc') return;
  const phone = $('sms-phone').value.trim();
  const data = await api('GET', 'sms' + (phone ? '?phone=' + encodeURIComponent(phone) : ''));
  lastSMS = data.messages.slice().reverse(); // newest first
  renderSMS();
}

function renderSMS() {
  const list = $('sms-list');
  list.replaceChildren(...lastSMS.slice(0, 50).map((m) => {
    const copy = el('button', { type: 'button', class: 'copy', onclick: () => copyCode(m.code, copy) }, 'Copy');
    const use = el('button', { type: 'button', onclick: () => { $('ap-session').value = m.session_id; $('ap-code').value = m.code; $('try').open = true; } }, 'Use to approve');
    return el('li', { class: 'sms', 'data-session': m.session_id },
      el('div', { class: 'sms-head' }, el('span', {}, 'from ' + m.from + ' to ' + m.to), el('time', { datetime: m.sent_at }, fmtTime(m.sent_at))),
      el('div', { class: 'otp' }, el('span', { class: 'code' }, m.code), copy, use),
      el('p', { class: 'sms-text' }, m.text),
      el('small', { class: 'hint' }, 'session ' + m.session_id));
  }));
  if (!lastSMS.length) list.append(el('li', { class: 'hint' }, 'No SMS yet. Make a request (below, or from your client).'));
}

async function copyCode(code, button) {
  try { await navigator.clipboard.writeText(code); } catch (e) {
    const t = el('textarea', {}, code); document.body.append(t); t.select(); document.execCommand('copy'); t.remove();
  }
  button.textContent = 'Copied';
  setTimeout(() => { button.textContent = 'Copy'; }, 1500);
}

$('sms-phone').addEventListener('change', () => loadSMS().catch(show));

async function upstream(path, body, headers) {
  const res = await fetch(tenantBase + path, { method: 'POST', headers: Object.assign({ 'Content-Type': 'application/json' }, headers || {}), body });
  const text = await res.text();
  const reason = res.headers.get('X-Egovsim-Reason');
  return { status: res.status, text, reason };
}

function showAnswer(target, a) {
  let body = a.text;
  try { body = JSON.stringify(JSON.parse(a.text), (k, v) => (typeof v === 'string' && v.length > 200 ? '<' + v.length + ' characters>' : v), 2); } catch (e) { /* not JSON: as it came */ }
  target.textContent = a.status + '\n' + body + (a.reason ? '\n\nwhy: ' + a.reason : '');
  target.dataset.status = a.status;
}

$('request-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const body = JSON.stringify({ api_key: $('rq-key').value, iin: $('rq-iin').value, phone: $('rq-phone').value });
  const a = await upstream('api/v1/backend/e-document/online-access/request/' + encodeURIComponent($('rq-type').value) + '/', body);
  showAnswer($('try-answer'), a);
  try { const id = JSON.parse(a.text).backend_session_id; if (id) { $('ap-session').value = id; $('ap-code').value = ''; } } catch (e) { /* an error answer */ }
});

$('approve-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const ft = $('ap-file').value;
  const body = JSON.stringify({ backend_session_id: $('ap-session').value, code: $('ap-code').value, file: ft !== '', file_type: ft || 'pdf' });
  showAnswer($('try-answer'), await upstream('api/v1/backend/e-document/online-access/approve/', body));
});

// ---- gateway (mock-egov)

const egovOps = ['gbdflUniversalServiceSync', 'familyInfoServiceSync', 'NEDBSyncSchoolData', 'checkDebtorByIINBIN', 'citsDebts',
  'citsUpcPays', 'zagsFindMarriageSync', 'MON_NEDB_UNIVERSAL_SERVICE', 'initPaymentRequest', 'GbdrnOwnerForRegCitizen', 'paymentInfoRequest'];
// An example body per operation, with the default catalogue's people.
const sc = 'TEST_SENDER';
const egovExamples = {
  gbdflUniversalServiceSync: { iin: '900101300017', senderCode: sc },
  familyInfoServiceSync: { iin: '900101300017', senderCode: sc },
  NEDBSyncSchoolData: { locationCode: '750000000' },
  checkDebtorByIINBIN: { iinOrBin: '850515400012' },
  citsDebts: { iinBin: '900101300017', digitalSignBaseUrl: 'http://127.0.0.1:9000' },
  citsUpcPays: { iinBin: '900101300017', digitalSignBaseUrl: 'http://127.0.0.1:9000' },
  zagsFindMarriageSync: { iin: '900101300017', senderCode: sc },
  MON_NEDB_UNIVERSAL_SERVICE: { iin: '150609600010', senderCode: sc },
  initPaymentRequest: { amount: 1500, serviceId: 'svc-1', iinOrBin: '900101300017' },
  GbdrnOwnerForRegCitizen: { iin: '900101300017', senderCode: sc },
  paymentInfoRequest: { paymentId: '', senderCode: sc },
};
$('gw-op').replaceChildren(...egovOps.map((o) => el('option', { value: o }, o)));
$('gw-op').addEventListener('change', () => { $('gw-body').value = JSON.stringify(egovExamples[$('gw-op').value] || {}); });
$('gw-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const a = await upstream('api/egov/' + $('gw-op').value, $('gw-body').value, {
    Authorization: 'Bearer ' + $('gw-key').value, 'X-Egov-Sender-Id': $('gw-sender').value, 'X-Egov-Password': $('gw-password').value });
  showAnswer($('gw-answer'), a);
  try { const id = JSON.parse(a.text).payment.paymentId; if (id) egovExamples.paymentInfoRequest.paymentId = id; } catch (e) { /* not a payment */ }
});

async function loadPayments() {
  if (sim !== 'egov') return;
  const data = await api('GET', 'payments');
  $('payment-rows').replaceChildren(...data.payments.map((p) => el('tr', { 'data-status': p.status },
    el('td', { 'data-label': 'payment' }, p.paymentId), el('td', { class: 'pay-status', 'data-label': 'status' }, p.status),
    el('td', { 'data-label': 'amount' }, p.amount), el('td', { 'data-label': 'payer' }, p.iinOrBin),
    el('td', { 'data-label': 'created' }, fmtTime(p.createdAt)), el('td', { 'data-label': 'paid' }, p.paidAt ? fmtTime(p.paidAt) : '–'))));
  if (!data.payments.length) $('payment-rows').append(el('tr', {}, el('td', { colspan: 6, class: 'hint' }, 'No payments yet: initPaymentRequest creates one.')));
}

// ---- journal

let journalQuery = '';
const openEntries = new Set();
$('journal-filter').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const q = new URLSearchParams();
  for (const [k, v] of new FormData(ev.target)) if (String(v).trim()) q.set(k, String(v).trim());
  journalQuery = q.toString();
  loadJournal().catch(show);
});
$('journal-clear').addEventListener('click', () => api('DELETE', 'requests').then(loadJournal).catch(show));

async function loadJournal() {
  const data = await api('GET', 'requests' + (journalQuery ? '?' + journalQuery : ''));
  const entries = data.requests.slice().reverse().slice(0, 200);
  $('journal-list').replaceChildren(...entries.map(renderEntry));
  if (!entries.length) $('journal-list').append(el('li', { class: 'hint' }, journalQuery ? 'No call matches the filter.' : 'No calls yet.'));
}

function renderEntry(e) {
  const key = e.at + e.path + e.status;
  const s = e.subject || {};
  const d = el('details', { open: openEntries.has(key), ontoggle: () => (d.open ? openEntries.add(key) : openEntries.delete(key)) },
    el('summary', {},
      el('time', { datetime: e.at }, fmtTime(e.at)),
      el('span', { class: 'st s' + String(e.status)[0] }, e.status === 0 ? 'no status' : e.status),
      el('span', {}, e.method + ' ' + (e.operation && e.operation !== 'other' ? e.operation : e.path)),
      e.outcome ? el('span', { class: 'outcome' }, e.outcome) : null,
      e.transport ? el('span', { class: 'outcome' }, 'transport: ' + e.transport) : null,
      e.tenant ? el('span', { class: 'hint' }, 'tenant ' + e.tenant) : null,
      e.reason ? el('span', { class: 'reason' }, 'why: ' + e.reason) : null),
    el('pre', {}, [
      'path      ' + e.path,
      'duration  ' + e.duration_ms + ' ms',
      s.iin ? 'iin/bin   ' + s.iin : '',
      s.document_type ? 'document  ' + s.document_type : '',
      s.phone ? 'phone     ' + s.phone : '',
      e.session ? 'session   ' + e.session : '',
      e.fault ? 'fault     #' + e.fault.index + ' ' + e.fault.does + ' when ' + JSON.stringify(e.fault.when) : '',
    ].filter(Boolean).join('\n')),
    e.request ? el('pre', { class: 'req' }, 'request:\n' + pretty(e.request)) : null,
    e.response ? el('pre', { class: 'resp' }, 'answer:\n' + pretty(e.response)) : null);
  return el('li', { class: 'entry', 'data-outcome': e.outcome || '' }, d);
}

function pretty(s) { try { return JSON.stringify(JSON.parse(s), null, 2); } catch (e) { return s; } }

// ---- scenario

async function loadScenario() {
  const [list, yaml, health] = await Promise.all([api('GET', 'scenarios'), api('GET', 'scenario'), api('GET', 'health')]);
  $('scenario-name').textContent = 'scenario ' + health.scenario;
  $('bundled').replaceChildren(...list.scenarios.map((s) => el('option', { value: s.name, selected: s.name === health.scenario }, s.name + ' — ' + s.description)));
  setYAML(yaml, []);
}

function setYAML(text, errors) {
  $('yaml').value = text;
  renderGutter(errors);
}

function renderGutter(errors) {
  const lines = $('yaml').value.split('\n').length;
  const bad = new Map(errors.filter((e) => e.line > 0).map((e) => [e.line, e.message]));
  const items = [];
  for (let i = 1; i <= lines; i++) {
    items.push(el('li', bad.has(i) ? { class: 'bad', title: bad.get(i), 'data-line': i } : { 'data-line': i }, i));
  }
  $('gutter').replaceChildren(...items);
  $('yaml').rows = lines + 1;
  $('scenario-errors').replaceChildren(...errors.map((e) => el('li', { class: 'err-line', 'data-line': e.line, onclick: () => goToLine(e.line) },
    (e.line > 0 ? 'line ' + e.line + ': ' : '') + e.message)));
}

function goToLine(n) {
  const ta = $('yaml');
  const lines = ta.value.split('\n');
  let start = 0;
  for (let i = 0; i < n - 1 && i < lines.length; i++) start += lines[i].length + 1;
  ta.focus();
  ta.setSelectionRange(start, start + (lines[n - 1] || '').length);
}

$('yaml').addEventListener('input', () => renderGutter([]));

async function putScenario(query, body) {
  const st = $('scenario-status');
  try {
    const h = await api('PUT', 'scenario' + query, body, body === undefined ? undefined : 'application/yaml');
    st.textContent = 'Active: ' + h.scenario + ' (a new world: sessions, SMS, journal and coverage start empty).';
    st.className = 'status good';
    await refreshAll();
  } catch (e) {
    if (e.status === 400 && e.data && e.data.errors) {
      st.textContent = 'Refused: ' + e.data.errors.length + ' problem(s); the active scenario stays.';
      st.className = 'status bad';
      renderGutter(e.data.errors);
    } else show(e);
  }
}

$('bundled-form').addEventListener('submit', (ev) => { ev.preventDefault(); putScenario('?name=' + encodeURIComponent($('bundled').value)); });
$('apply').addEventListener('click', () => putScenario('', $('yaml').value));
$('reload-yaml').addEventListener('click', () => loadScenario().catch(show));
async function uploaded() {
  const f = $('upload').files[0];
  if (!f) return;
  $('upload').value = ''; // once, whichever of the two events comes first
  setYAML(await f.text(), []);
  await putScenario('', $('yaml').value);
}
$('upload').addEventListener('change', uploaded);
$('upload').addEventListener('input', uploaded);

// ---- clock

let offsetMS = 0;
async function loadClock() {
  const c = await api('GET', 'clock');
  offsetMS = new Date(c.now).getTime() - Date.now();
  $('sim-offset').textContent = c.offset;
  tickClock();
}
function tickClock() { $('sim-now').textContent = new Date(Date.now() + offsetMS).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'); }
setInterval(tickClock, 1000);

async function advance(d) {
  try {
    const c = await api('POST', 'clock', JSON.stringify({ advance: d }), 'application/json');
    await loadClock();
    $('clock-status').textContent = 'Advanced by ' + d + '; now ' + c.now;
    $('clock-status').className = 'status good';
  } catch (e) { $('clock-status').textContent = e.message; $('clock-status').className = 'status bad'; }
}
for (const b of document.querySelectorAll('[data-advance]')) b.addEventListener('click', () => advance(b.dataset.advance));
$('advance-form').addEventListener('submit', (ev) => { ev.preventDefault(); advance($('advance-by').value.trim()); });
$('clock-reset').addEventListener('click', () => api('DELETE', 'clock').then(loadClock).catch(show));
$('world-reset').addEventListener('click', () => api('POST', 'reset').then(refreshAll).catch(show));

// ---- coverage

async function loadCoverage() {
  const r = await api('GET', 'coverage');
  $('cov-summary').textContent = r.covered + ' of ' + r.total + ' (' + Math.floor(r.share * 100) + ' %)';
  $('cov-bar').value = r.share;
  const groups = new Map();
  for (const o of r.outcomes) { if (!groups.has(o.group)) groups.set(o.group, []); groups.get(o.group).push(o); }
  $('cov-groups').replaceChildren(...[...groups].map(([g, os]) => el('div', { class: 'cov-group' },
    el('h3', {}, g + ' — ' + os.filter((o) => o.hits > 0).length + '/' + os.length),
    el('ul', {}, os.map((o) => el('li', { class: o.hits > 0 ? 'hit' : 'miss', 'data-outcome': o.name },
      el('input', { type: 'checkbox', disabled: true, checked: o.hits > 0, 'aria-label': o.name }),
      el('code', {}, o.name), el('span', {}, o.hits > 0 ? '×' + o.hits : 'never'), el('span', { class: 'about' }, o.about)))))));
  $('outcome-names').replaceChildren(...r.outcomes.map((o) => el('option', { value: o.name })));
}

// ---- live stream: fetch streaming (the token goes as a header, never in the URL)

let state = {};
let streaming = false;
async function startStream() {
  if (streaming) return;
  streaming = true;
  while (streaming) {
    try {
      const res = await fetch(adminBase + 'events', { headers: authHeaders({ Accept: 'text/event-stream' }), cache: 'no-store' });
      if (res.status === 401) { streaming = false; needLogin(); break; }
      if (!res.ok || !res.body) throw new Error('stream: HTTP ' + res.status);
      $('live').textContent = 'live'; $('live').classList.add('on');
      const reader = res.body.getReader();
      const dec = new TextDecoder();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i); buf = buf.slice(i + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (data) onState(JSON.parse(data));
        }
      }
    } catch (e) { /* reconnect below */ }
    $('live').textContent = 'reconnecting'; $('live').classList.remove('on');
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function onState(s) {
  const was = state;
  state = s;
  const all = was.world !== s.world;
  const jobs = [];
  if (all || was.sms !== s.sms) jobs.push(loadSMS());
  if (all || was.journal !== s.journal) jobs.push(loadJournal(), loadCoverage());
  if (all || was.payments !== s.payments || was.offset !== s.offset) jobs.push(loadPayments());
  if (all || was.offset !== s.offset) jobs.push(loadClock());
  if (all || was.scenario !== s.scenario) jobs.push(loadScenario());
  Promise.all(jobs).catch(show);
}

// ---- misc

function fmtTime(s) { const d = new Date(s); return isNaN(d) ? s : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'); }
function show(e) { if (!(e instanceof Unauthorized)) console.error(e); }

async function refreshAll() {
  await Promise.all([loadSMS(), loadPayments(), loadJournal(), loadScenario(), loadClock(), loadCoverage()]);
}

async function boot() {
  $('sim-name').textContent = sim === 'egov' ? 'mock-egov' : 'mock-edoc';
  const m = tenantBase.match(/^\/t\/([^/]+)\/$/);
  $('tenant').textContent = m ? 'tenant ' + decodeURIComponent(m[1]) : 'default tenant';
  const first = document.querySelector('#tabs button:not(.' + (sim === 'egov' ? 'edoc' : 'egov') + '-only)');
  const want = location.hash.slice(1);
  const tab = document.querySelector('#tabs button[data-tab="' + CSS.escape(want) + '"]:not(.' + (sim === 'egov' ? 'edoc' : 'egov') + '-only)');
  showTab(tab ? want : first.dataset.tab);
  try {
    await api('GET', 'health');
    $('logout').hidden = !sessionStorage.getItem(tokenKey);
    startStream();
    await refreshAll();
  } catch (e) { show(e); }
}
boot();
