// FleetOps operator console. Plain JavaScript, no build step, no external requests. Every value from the API is put
// on the page as text (textContent, attribute values), never parsed as HTML: device ids, error messages and operation
// reasons come from devices and callers. The function key and token live in this tab's sessionStorage only.
'use strict';
(() => {
  const BASE = location.pathname.replace(/\/console\/?$/, '');
  const AUTH_MODE = document.body.dataset.auth === 'entra' ? 'entra' : 'key';
  const ACTIVE = new Set(['resolving', 'pendingApproval', 'scheduled', 'running', 'paused']);
  const STATES = ['pendingApproval', 'resolving', 'scheduled', 'running', 'paused', 'completed', 'canceled', 'aborted', 'rejected'];
  const ACTIONS = ['reboot', 'factoryReset', 'firmwareUpdate'];
  const REFRESH_MS = 3000;
  const main = document.getElementById('main');
  const statusLine = document.getElementById('status');
  let view = 0; // bumped on every navigation: a refresh timer or late answer of an old view does nothing

  // ---- small DOM helpers ------------------------------------------------------------------------------------------
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  // replaceChildren would show a null child as the text "null".
  const fill = (el, ...kids) => el.replaceChildren(...kids.flat().filter(k => k !== null && k !== undefined && k !== false));
  const say = text => { statusLine.textContent = text; };
  const fmtTime = iso => (iso ? new Date(iso).toLocaleString() : '—');
  const fmtNum = n => (typeof n === 'number' ? n.toLocaleString() : '—');
  const count = (counts, ...names) => names.reduce((s, n) => s + ((counts && counts[n]) || 0), 0);
  function fmtDuration(seconds) {
    if (seconds === null || seconds === undefined) return '—';
    const s = Math.max(0, Math.round(seconds));
    if (s < 90) return s + ' s';
    if (s < 5400) return Math.round(s / 60) + ' min';
    return (s / 3600).toFixed(1) + ' h';
  }

  // ---- the API ----------------------------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || 'HTTP ' + status);
      this.status = status;
      this.problem = problem;
    }
  }
  const credentials = {
    get key() { return sessionStorage.getItem('fleetops.key') || ''; },
    get token() { return sessionStorage.getItem('fleetops.token') || ''; },
    save(key, token) {
      sessionStorage.setItem('fleetops.key', key);
      if (token) sessionStorage.setItem('fleetops.token', token); else sessionStorage.removeItem('fleetops.token');
    },
    forget() { sessionStorage.removeItem('fleetops.key'); sessionStorage.removeItem('fleetops.token'); },
  };
  async function api(method, path, body) {
    const headers = { Accept: 'application/json, application/problem+json' };
    if (credentials.key) headers['x-functions-key'] = credentials.key;
    if (credentials.token) headers.Authorization = 'Bearer ' + credentials.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(BASE + path, {
      method, headers, credentials: 'same-origin', cache: 'no-store', redirect: 'error',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    if (!res.ok) throw new ApiError(res.status, data);
    return data;
  }
  const enc = encodeURIComponent;

  // A problem+json answer as a person reads it: its detail, and each field it names.
  function problemBox(err) {
    if (err instanceof ApiError && err.status === 401) {
      return h('div', { class: 'error', role: 'alert' }, 'Not signed in, or the function key is wrong. ',
        h('a', { href: '#/connect' }, 'Set the connection'), '.');
    }
    if (err instanceof ApiError && err.status === 403) {
      return h('div', { class: 'error', role: 'alert' }, 'Your role does not allow this: ', err.message);
    }
    const p = err instanceof ApiError ? err.problem : null;
    const items = p && Array.isArray(p.errors) ? p.errors : [];
    return h('div', { class: 'error', role: 'alert' },
      err instanceof ApiError ? err.message : 'The API could not be reached: ' + err.message,
      items.length ? h('ul', {}, items.map(e => h('li', {}, h('code', {}, e.field || ''), ': ', e.message || ''))) : null);
  }

  function badge(state, summary) {
    let kind = 'muted';
    let text = state;
    if (state === 'completed') {
      const failed = summary ? count(summary.counts, 'failed', 'timed_out', 'rejected', 'removed') : 0;
      kind = failed ? 'warn' : 'ok';
      if (failed) text = 'completed with failures';
    } else if (state === 'running' || state === 'scheduled' || state === 'resolving') kind = 'info';
    else if (state === 'paused' || state === 'pendingApproval') kind = 'warn';
    else if (state === 'aborted' || state === 'rejected') kind = 'bad';
    return h('span', { class: 'badge ' + kind, 'data-state': state }, text);
  }

  function setNav(name) {
    document.querySelectorAll('[data-nav]').forEach(a => {
      if (a.dataset.nav === name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
  }
  function show(title, ...content) {
    document.title = title + ' · FleetOps console';
    fill(main, h('h1', {}, title), ...content);
    main.focus({ preventScroll: true });
  }

  // ---- connection -------------------------------------------------------------------------------------------------
  function connectView() {
    setNav('connect');
    const key = h('input', { id: 'key', type: 'password', autocomplete: 'off', size: 50, value: credentials.key, required: true });
    const token = h('input', { id: 'token', type: 'password', autocomplete: 'off', size: 50, value: credentials.token });
    const result = h('div', {});
    const form = h('form', {
      onsubmit: async ev => {
        ev.preventDefault();
        credentials.save(key.value.trim(), token.value.trim());
        fill(result, h('p', {}, 'Checking…'));
        try {
          await api('GET', '/operations?pageSize=1');
          say('Connected');
          // Asked for another page before connecting: show it now.
          if (!location.hash.startsWith('#/connect')) { route(); return; }
          fill(result, h('p', { class: 'notice' }, 'Connected. ', h('a', { href: '#/operations' }, 'Go to operations'), '.'));
        } catch (err) { fill(result, problemBox(err)); }
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'key' }, 'Function key'), key,
      h('p', { class: 'hint' }, 'Kept in this browser tab only (session storage); sent as the x-functions-key header, never in a URL.')),
    h('div', { class: 'field' }, h('label', { for: 'token' }, 'Bearer token (optional)'), token,
      h('p', { class: 'hint' }, 'Only with App Service Authentication on, when you do not sign in below (for example a token from the local runner\u2019s StackTool).')),
    h('div', { class: 'toolbar' }, h('button', { type: 'submit', id: 'connect' }, 'Save and check'),
      h('button', { type: 'button', class: 'secondary', onclick: () => { credentials.forget(); key.value = ''; token.value = ''; say('Forgotten'); } }, 'Forget')));
    const signIn = AUTH_MODE === 'entra'
      ? h('p', { class: 'notice' }, 'This deployment uses Microsoft Entra ID. ',
        h('a', { href: '/.auth/login/aad?post_login_redirect_uri=' + enc(BASE + '/console') }, 'Sign in'), ' · ',
        h('a', { href: '/.auth/logout?post_logout_redirect_uri=' + enc(BASE + '/console') }, 'Sign out'))
      : null;
    show('Connection', signIn, form, result);
  }

  // ---- operations -------------------------------------------------------------------------------------------------
  function operationsView(params) {
    setNav('operations');
    const me = view;
    const stateSel = h('select', { id: 'f-state' }, h('option', { value: '' }, 'all states'),
      STATES.map(s => h('option', { value: s, selected: params.get('state') === s }, s)));
    const actionSel = h('select', { id: 'f-action' }, h('option', { value: '' }, 'all actions'),
      ACTIONS.map(a => h('option', { value: a, selected: params.get('action') === a }, a)));
    const apply = () => {
      const q = new URLSearchParams();
      if (stateSel.value) q.set('state', stateSel.value);
      if (actionSel.value) q.set('action', actionSel.value);
      location.hash = '#/operations' + (q.toString() ? '?' + q : '');
    };
    stateSel.addEventListener('change', apply);
    actionSel.addEventListener('change', apply);
    const body = h('tbody', {});
    const table = h('table', { id: 'operations' },
      h('caption', { class: 'hint' }, 'Newest first'),
      h('thead', {}, h('tr', {}, ['Created', 'Action', 'State', 'Devices', 'Succeeded', 'Failed', 'Progress', 'Created by']
        .map((t, i) => h('th', { scope: 'col', class: i >= 3 && i <= 5 ? 'num' : null }, t)))),
      body);
    const more = h('button', { type: 'button', class: 'secondary', id: 'more', hidden: true }, 'Load more');
    const msg = h('div', {});
    let token = null;
    async function load() {
      const q = new URLSearchParams(params);
      q.set('pageSize', '25');
      if (token) q.set('continuationToken', token);
      try {
        const page = await api('GET', '/operations?' + q);
        if (me !== view) return;
        for (const op of page.operations) {
          const done = count(op.counts, 'succeeded', 'failed', 'timed_out', 'rejected', 'canceled', 'removed');
          body.append(h('tr', { 'data-id': op.id },
            h('td', {}, h('a', { href: '#/operations/' + enc(op.id) }, fmtTime(op.createdAt))),
            h('td', {}, op.action), h('td', {}, badge(op.state, op)),
            h('td', { class: 'num' }, fmtNum(op.deviceCount)),
            h('td', { class: 'num' }, fmtNum(count(op.counts, 'succeeded'))),
            h('td', { class: 'num' }, fmtNum(count(op.counts, 'failed', 'timed_out', 'rejected', 'removed'))),
            h('td', {}, h('progress', { max: Math.max(1, op.deviceCount), value: done, 'aria-label': done + ' of ' + op.deviceCount + ' finished' })),
            h('td', {}, op.createdBy || '')));
        }
        if (!page.operations.length && !token) fill(msg, h('p', { class: 'notice' }, 'No operation yet. ', h('a', { href: '#/new' }, 'Start one'), '.'));
        token = page.continuationToken || null;
        more.hidden = !token;
      } catch (err) { fill(msg, problemBox(err)); }
    }
    more.addEventListener('click', load);
    show('Operations',
      h('div', { class: 'toolbar' },
        h('div', {}, h('label', { for: 'f-state' }, 'State'), stateSel),
        h('div', {}, h('label', { for: 'f-action' }, 'Action'), actionSel),
        h('a', { href: '#/new' }, 'New operation')),
      msg, table, more);
    load();
  }

  // ---- one operation ----------------------------------------------------------------------------------------------
  const COMMANDS = {
    pause: { label: 'Pause', when: ['running', 'scheduled'] },
    resume: { label: 'Resume', when: ['paused'] },
    'retry-failed': { label: 'Retry failed devices', when: ['running', 'paused'] },
    // Admin only (the API answers 403 otherwise): skips the open wave's threshold, soak and gates.
    advance: { label: 'Open next wave now', when: ['running', 'paused'], danger: true,
      shows: op => op.openWave < (op.waves || []).length - 1 },
    approve: { label: 'Approve', when: ['pendingApproval'] },
    reject: { label: 'Reject', when: ['pendingApproval'], danger: true },
    cancel: { label: 'Cancel operation', when: ['resolving', 'pendingApproval', 'scheduled', 'running', 'paused'], danger: true },
  };

  function operationView(id) {
    setNav('operations');
    const me = view;
    const head = h('div', {});
    const facts = h('dl', { class: 'facts' });
    const commands = h('div', { class: 'toolbar', id: 'commands' });
    const message = h('div', { id: 'message' });
    const waves = h('tbody', {});
    const failed = h('tbody', {});
    const failedNote = h('p', { class: 'hint' });
    show('Operation', head, commands, message, facts,
      h('h2', {}, 'Waves'),
      h('table', { id: 'waves' }, h('thead', {}, h('tr', {}, ['Wave', 'Devices', 'Succeeded', 'Failed', 'In progress', 'Queued', 'Progress']
        .map((t, i) => h('th', { scope: 'col', class: i >= 1 && i <= 5 ? 'num' : null }, t)))), waves),
      h('h2', {}, 'Failed and timed-out devices'),
      h('table', { id: 'failed' }, h('thead', {}, h('tr', {}, ['Device', 'State', 'Attempt', 'Reason', 'Updated']
        .map(t => h('th', { scope: 'col' }, t)))), failed),
      failedNote);

    async function command(name) {
      const c = COMMANDS[name];
      if (c.danger && !window.confirm(c.label + '?')) return;
      let body;
      if (name === 'reject') {
        const reason = window.prompt('Why is it rejected? (optional)') || '';
        body = reason ? { reason } : undefined;
      }
      commands.querySelectorAll('button').forEach(b => { b.disabled = true; });
      try {
        await api('POST', '/operations/' + enc(id) + '/' + name, body);
        fill(message, h('p', { class: 'notice' }, c.label + ': done.'));
        say(c.label + ': done');
      } catch (err) { fill(message, problemBox(err)); }
      refresh();
    }

    function render(op) {
      const terminal = !ACTIVE.has(op.state);
      const finished = count(op.counts, 'succeeded', 'failed', 'timed_out', 'rejected', 'canceled', 'removed');
      const canceled = count(op.counts, 'canceled');
      const failedN = count(op.counts, 'failed', 'timed_out', 'rejected', 'removed');
      fill(head,
        h('p', {}, badge(op.state, op), ' ', h('strong', {}, op.action), ' on ', fmtNum(op.deviceCount), ' devices · ',
          h('span', { class: 'mono' }, op.id)),
        op.reason ? h('p', { class: 'notice', id: 'reason' }, op.reason) : null,
        op.soak ? h('p', { class: 'notice', id: 'soak' }, 'Wave ' + (op.soak.wave + 1) + ' met its threshold; soaking until ',
          fmtTime(op.soak.until), op.soak.waiting ? ' · ' + op.soak.waiting : '') : null,
        op.approval ? h('p', { class: 'notice' }, 'Approval: ', op.approval.status, ' · requested by ', op.approval.requestedBy || '',
          op.approval.decidedBy ? ' · decided by ' + op.approval.decidedBy : '') : null);
      const fact = (label, value, name) => h('div', { 'data-fact': name }, h('dt', {}, label), h('dd', {}, value));
      fill(facts,
        fact('Succeeded', fmtNum(count(op.counts, 'succeeded')), 'succeeded'),
        fact('Failed or timed out', fmtNum(failedN), 'failed'),
        fact('In progress', fmtNum(count(op.counts, 'in_progress')), 'inProgress'),
        fact('Waiting', fmtNum(count(op.counts, 'queued')), 'queued'),
        fact('Canceled', fmtNum(canceled), 'canceled'),
        fact('Finished', fmtNum(finished - canceled) + ' of ' + fmtNum(op.deviceCount - canceled), 'finished'),
        fact('Rate', (op.succeededPerMinute || 0).toFixed(1) + ' devices/min', 'rate'),
        fact('Time left', terminal ? '—' : fmtDuration(op.etaSeconds), 'eta'),
        fact('Created', fmtTime(op.createdAt), 'created'),
        fact('Created by', op.createdBy || '—', 'createdBy'),
        fact('Updated', fmtTime(op.updatedAt), 'updated'));
      fill(commands, ...Object.entries(COMMANDS)
        .filter(([, c]) => c.when.includes(op.state) && (!c.shows || c.shows(op)))
        .map(([name, c]) => h('button', { type: 'button', 'data-command': name, class: c.danger ? 'danger' : null, onclick: () => command(name) }, c.label)),
        h('a', { href: '#/operations' }, 'All operations'));
      fill(waves, ...(op.waves || []).map(w => {
        const done = count(w.counts, 'succeeded', 'failed', 'timed_out', 'rejected', 'canceled', 'removed');
        return h('tr', { 'data-wave': w.wave },
          h('th', { scope: 'row' }, 'Wave ' + (w.wave + 1) + ' of ' + op.waves.length),
          h('td', { class: 'num' }, fmtNum(w.size)),
          h('td', { class: 'num' }, fmtNum(count(w.counts, 'succeeded'))),
          h('td', { class: 'num' }, fmtNum(count(w.counts, 'failed', 'timed_out', 'rejected', 'removed'))),
          h('td', { class: 'num' }, fmtNum(count(w.counts, 'in_progress'))),
          h('td', { class: 'num' }, fmtNum(count(w.counts, 'queued'))),
          h('td', {}, h('progress', { max: Math.max(1, w.size), value: done, 'aria-label': 'wave ' + (w.wave + 1) + ': ' + done + ' of ' + w.size + ' finished' })));
      }));
    }

    async function loadFailed() {
      const rows = [];
      let more = 0;
      for (const state of ['failed', 'timed_out']) {
        const page = await api('GET', '/operations/' + enc(id) + '/devices?state=' + state + '&pageSize=50');
        rows.push(...page.devices);
        if (page.continuationToken) more++;
      }
      fill(failed, rows.map(d => h('tr', { 'data-device': d.deviceId },
        h('td', {}, h('a', { href: '#/devices/' + enc(d.deviceId) }, d.deviceId)),
        h('td', {}, d.state), h('td', { class: 'num' }, fmtNum(d.attempt)),
        h('td', {}, d.error ? h('span', {}, h('code', {}, d.error.code || ''), ' ', d.error.message || '') : (d.detail || '')),
        h('td', {}, fmtTime(d.updatedAt)))));
      fill(failedNote, rows.length === 0 ? 'None.' : more
        ? h('span', {}, 'Showing the first 50 of each state; the rest: ', h('code', {}, 'GET ' + BASE + '/operations/' + id + '/devices?state=failed'), '.')
        : '');
    }

    // One refresh chain per page: a command's own refresh replaces the pending one instead of starting another.
    let timer = null;
    const later = ms => { clearTimeout(timer); timer = setTimeout(refresh, ms); };
    async function refresh() {
      clearTimeout(timer);
      if (me !== view) return;
      try {
        const op = await api('GET', '/operations/' + enc(id));
        if (me !== view) return;
        render(op);
        await loadFailed();
        if (me !== view) return;
        say('Updated ' + new Date().toLocaleTimeString() + (ACTIVE.has(op.state) ? ' · refreshing every ' + REFRESH_MS / 1000 + ' s' : ''));
        if (ACTIVE.has(op.state)) later(REFRESH_MS);
      } catch (err) {
        if (me !== view) return;
        fill(message, problemBox(err));
        if (!(err instanceof ApiError) || err.status >= 500) later(REFRESH_MS * 2);
      }
    }
    refresh();
  }

  // ---- new operation ----------------------------------------------------------------------------------------------
  // Filter lines: "tags.site = berlin" or "reported.firmwareVersion = 1.0.0, 1.1.0" (a list means any of).
  function parseFilter(text) {
    const filter = {};
    const errors = [];
    text.split('\n').map(l => l.trim()).filter(Boolean).forEach((line, i) => {
      const m = /^(tags|reported)\.([A-Za-z0-9_.]+)\s*=\s*(.+)$/.exec(line);
      if (!m) { errors.push('line ' + (i + 1) + ': write tags.NAME = VALUE or reported.NAME = VALUE'); return; }
      const values = m[3].split(',').map(v => v.trim()).filter(Boolean).map(v => {
        if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
        if (v === 'true' || v === 'false') return v === 'true';
        return v.replace(/^"(.*)"$/, '$1');
      });
      filter[m[1]] = filter[m[1]] || {};
      filter[m[1]][m[2]] = values.length === 1 ? values[0] : values;
    });
    return { filter, errors };
  }

  function newOperationView() {
    setNav('new');
    const field = (id, label, input, hint) => h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('p', { class: 'hint', id: id + '-hint' }, hint) : null);
    const action = h('select', { id: 'action' }, ACTIONS.map(a => h('option', { value: a }, a)));
    const catalog = h('select', { id: 'catalogVersion' }, h('option', { value: '' }, '(enter the package below)'));
    const fwVersion = h('input', { id: 'fwVersion', size: 12 });
    const fwUri = h('input', { id: 'fwUri', size: 50, type: 'url', placeholder: 'an https URL' });
    const fwSha = h('input', { id: 'fwSha', size: 64, class: 'mono', placeholder: '64 hex characters' });
    const fwSize = h('input', { id: 'fwSize', type: 'number', min: 1 });
    // A package by hand is the fallback; a catalog version supplies all of it, so its fields go away.
    const manual = h('div', { id: 'firmware-manual' },
      h('div', { class: 'grid' }, field('fwVersion', 'Version', fwVersion), field('fwSize', 'Size in bytes (optional)', fwSize)),
      field('fwUri', 'Package URL (https)', fwUri), field('fwSha', 'SHA-256', fwSha));
    const firmware = h('fieldset', { id: 'firmware', hidden: true }, h('legend', {}, 'Firmware'),
      field('catalogVersion', 'From the catalog', catalog), manual);
    const targetKind = h('select', { id: 'targetKind' }, h('option', { value: 'list' }, 'a list of device ids'), h('option', { value: 'filter' }, 'a filter'));
    const devices = h('textarea', { id: 'deviceIds', 'aria-describedby': 'deviceIds-hint' });
    const filterText = h('textarea', { id: 'filter', 'aria-describedby': 'filter-hint', placeholder: 'tags.site = berlin\nreported.firmwareVersion = 1.0.0' });
    const listField = field('deviceIds', 'Device ids', devices, 'One per line, or separated by commas or spaces.');
    const filterField = field('filter', 'Filter', filterText, 'One condition per line: tags.NAME = VALUE or reported.NAME = VALUE; several values separated by commas mean any of them.');
    filterField.hidden = true;
    const waves = h('input', { id: 'waves', value: '100', size: 20, 'aria-describedby': 'waves-hint' });
    const threshold = h('input', { id: 'successThreshold', type: 'number', min: 0, max: 100, value: 100 });
    const rate = h('input', { id: 'maxPerMinute', type: 'number', min: 1 });
    const abortPct = h('input', { id: 'abortPercent', type: 'number', min: 1, max: 100 });
    const abortMin = h('input', { id: 'abortMinFinished', type: 'number', min: 1 });
    const timeout = h('input', { id: 'deviceTimeout', type: 'number', min: 1 });
    const startAt = h('input', { id: 'startAt', type: 'datetime-local' });
    const windowStart = h('input', { id: 'windowStart', type: 'time' });
    const windowMinutes = h('input', { id: 'windowMinutes', type: 'number', min: 1, max: 1440 });
    const preview = h('div', { id: 'preview', 'aria-live': 'polite' });
    const startButton = h('button', { type: 'submit', id: 'start', disabled: true }, 'Start operation');
    const previewButton = h('button', { type: 'button', class: 'secondary', id: 'preview-button' }, 'Preview');

    const toggle = () => {
      firmware.hidden = action.value !== 'firmwareUpdate';
      manual.hidden = catalog.value !== '';
      listField.hidden = targetKind.value !== 'list';
      filterField.hidden = targetKind.value !== 'filter';
      startButton.disabled = true;
    };
    [action, targetKind, catalog].forEach(el => el.addEventListener('change', toggle));
    [devices, filterText, waves, threshold, rate, abortPct, abortMin, timeout, startAt, windowStart, windowMinutes, fwVersion, fwUri, fwSha, fwSize, catalog]
      .forEach(el => el.addEventListener('input', () => { startButton.disabled = true; }));

    function request() {
      const body = { action: action.value };
      if (action.value === 'firmwareUpdate') {
        body.firmware = catalog.value ? { catalogVersion: catalog.value }
          : { version: fwVersion.value.trim(), packageUri: fwUri.value.trim(), sha256: fwSha.value.trim().toLowerCase() };
        if (!catalog.value && fwSize.value) body.firmware.sizeBytes = Number(fwSize.value);
      }
      if (targetKind.value === 'list') {
        body.target = { deviceIds: devices.value.split(/[\s,]+/).map(s => s.trim()).filter(Boolean) };
      } else {
        const parsed = parseFilter(filterText.value);
        if (parsed.errors.length) throw new Error(parsed.errors.join('; '));
        body.target = { filter: parsed.filter };
      }
      const rollout = { waves: waves.value.split(/[\s,]+/).filter(Boolean).map(Number) };
      if (threshold.value !== '') rollout.successThresholdPercent = Number(threshold.value);
      if (rate.value) rollout.maxPerMinute = Number(rate.value);
      body.rollout = rollout;
      if (abortPct.value) body.abort = [{ failureType: 'ALL', minFinished: Number(abortMin.value || 1), thresholdPercent: Number(abortPct.value) }];
      if (timeout.value) body.deviceTimeoutMinutes = Number(timeout.value);
      if (startAt.value) body.startAt = new Date(startAt.value).toISOString();
      if (windowStart.value && windowMinutes.value) body.maintenanceWindow = { startUtc: windowStart.value, durationMinutes: Number(windowMinutes.value) };
      return body;
    }

    previewButton.addEventListener('click', async () => {
      let body;
      try { body = request(); } catch (err) { fill(preview, h('div', { class: 'error', role: 'alert' }, err.message)); return; }
      fill(preview, h('p', {}, 'Working out the target…'));
      try {
        const p = await api('POST', '/operations/preview', body);
        fill(preview, h('div', { class: 'preview' },
          h('p', {}, h('strong', { id: 'preview-count' }, fmtNum(p.deviceCount)), ' devices match now',
            p.targetKind === 'filter' ? ' (the filter runs again when the operation starts)' : '', '.'),
          h('p', {}, 'Waves: ', p.waveSizes.map((n, i) => 'wave ' + (i + 1) + ': ' + n).join(' · ')),
          p.sample.length ? h('p', {}, 'Devices: ', h('span', { class: 'mono', id: 'preview-sample' }, p.sample.join(', ')),
            p.deviceCount > p.sample.length ? ' and ' + fmtNum(p.deviceCount - p.sample.length) + ' more' : '') : null,
          p.approvalReason ? h('p', { class: 'notice' }, 'Needs a second Admin\u2019s approval: ', p.approvalReason, '.') : null,
          p.problem ? h('div', { class: 'error', role: 'alert' }, p.problem) : null));
        startButton.disabled = Boolean(p.problem);
        say('Preview ready');
      } catch (err) { fill(preview, problemBox(err)); }
    });

    const form = h('form', {
      id: 'new-operation',
      onsubmit: async ev => {
        ev.preventDefault();
        startButton.disabled = true;
        try {
          const created = await api('POST', '/operations', request());
          say('Operation started');
          location.hash = '#/operations/' + enc(created.id);
        } catch (err) { fill(preview, problemBox(err)); }
      },
    },
    h('fieldset', {}, h('legend', {}, 'What'), field('action', 'Action', action), firmware),
    h('fieldset', {}, h('legend', {}, 'Which devices'), field('targetKind', 'Target', targetKind), listField, filterField),
    h('fieldset', {}, h('legend', {}, 'How'),
      h('div', { class: 'grid' },
        field('waves', 'Waves (cumulative %)', waves, 'For example 10, 50, 100: a canary of 10 %, then half, then all.'),
        field('successThreshold', 'Success needed to open the next wave (%)', threshold),
        field('maxPerMinute', 'At most devices per minute (optional)', rate),
        field('deviceTimeout', 'Per-device timeout in minutes (optional)', timeout),
        field('abortPercent', 'Abort when failures reach (%)', abortPct),
        field('abortMinFinished', '…after this many finished devices', abortMin),
        field('startAt', 'Start at (optional, your local time)', startAt),
        field('windowStart', 'Maintenance window start (UTC)', windowStart),
        field('windowMinutes', 'Window length in minutes', windowMinutes))),
    h('div', { class: 'toolbar' }, previewButton, startButton),
    preview);
    show('New operation', h('p', { class: 'hint' }, 'Preview shows how many and which devices the target matches before anything starts; the operation starts only from an up-to-date preview.'), form);
    toggle();
    api('GET', '/firmware').then(list => {
      const items = (list && list.versions) || [];
      items.filter(f => f.state === 'ready').forEach(f => catalog.append(h('option', { value: f.version }, f.version + (f.compatibility ? ' (' + f.compatibility + ')' : ''))));
    }).catch(() => { /* no catalog: the package fields still work */ });
  }

  // ---- devices and firmware (read-only lists) ---------------------------------------------------------------------
  function devicesView(params) {
    setNav('devices');
    const me = view;
    const msg = h('div', {});
    const summary = h('div', { id: 'device-summary' });
    const body = h('tbody', {});
    const filterText = h('input', { id: 'device-filter', size: 40, value: params.get('q') || '', placeholder: 'reported.firmwareVersion = 1.0.0' });
    const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
    let token = null;
    async function load() {
      const q = new URLSearchParams();
      const parsed = parseFilter((params.get('q') || '').replace(/;/g, '\n'));
      if (parsed.errors.length) { fill(msg, h('div', { class: 'error', role: 'alert' }, parsed.errors.join('; '))); return; }
      if (Object.keys(parsed.filter).length) q.set('filter', JSON.stringify(parsed.filter));
      q.set('pageSize', '50');
      if (token) q.set('continuationToken', token);
      try {
        const page = await api('GET', '/devices?' + q);
        if (me !== view) return;
        for (const d of page.devices || []) {
          body.append(h('tr', { 'data-device': d.deviceId },
            h('td', {}, h('a', { href: '#/devices/' + enc(d.deviceId) }, d.deviceId)),
            h('td', {}, d.connectionState || ''), h('td', {}, fmtTime(d.lastActivityTime)),
            h('td', {}, d.firmwareVersion || ''),
            h('td', {}, d.lastAction ? [d.lastAction.action, d.lastAction.status, d.lastAction.outcome ? '(' + d.lastAction.outcome + ')' : null].filter(Boolean).join(' ') : '')));
        }
        token = page.continuationToken || null;
        more.hidden = !token;
      } catch (err) { fill(msg, problemBox(err)); }
    }
    more.addEventListener('click', load);
    const form = h('form', { class: 'toolbar', onsubmit: ev => { ev.preventDefault(); location.hash = '#/devices?q=' + enc(filterText.value); } },
      h('div', {}, h('label', { for: 'device-filter' }, 'Filter (tags.NAME = VALUE; …)'), filterText), h('button', { type: 'submit' }, 'Filter'));
    show('Devices', summary, form, msg,
      h('table', { id: 'devices' }, h('thead', {}, h('tr', {}, ['Device', 'Connection', 'Last activity', 'Firmware', 'Last action']
        .map(t => h('th', { scope: 'col' }, t)))), body), more);
    load();
    const summaryQuery = new URLSearchParams();
    const summaryFilter = parseFilter((params.get('q') || '').replace(/;/g, '\n'));
    if (!summaryFilter.errors.length && Object.keys(summaryFilter.filter).length) summaryQuery.set('filter', JSON.stringify(summaryFilter.filter));
    api('GET', '/devices/summary' + (summaryQuery.toString() ? '?' + summaryQuery : '')).then(s => {
      if (me !== view || !s) return;
      const table = (title, id, rows) => h('table', { id }, h('caption', {}, title),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col', class: 'num' }, 'Devices'))),
        h('tbody', {}, rows.map(r => h('tr', {}, h('td', {}, r.label), h('td', { class: 'num' }, fmtNum(r.devices))))));
      const versions = (s.firmwareVersions || []).map(v => ({ label: v.version || '(none reported)', devices: v.devices }));
      const actions = Object.entries(s.actions || {}).map(([action, rows]) => table('Last ' + action + ' status', 'summary-' + action,
        rows.map(r => ({ label: r.status ? r.status + ' (' + r.outcome + ')' : 'never ran', devices: r.devices }))));
      fill(summary, h('p', {}, fmtNum(s.devices), ' devices', s.truncated ? ' (some counts cover the 100 largest groups only)' : '', '.'),
        h('div', { class: 'grid' }, table('Firmware versions', 'summary-firmware', versions), actions));
    }).catch(err => { if (me === view) fill(summary, problemBox(err)); });
  }

  function deviceView(id) {
    setNav('devices');
    const me = view;
    const content = h('div', {});
    const logs = h('div', { id: 'device-logs' });
    const timelineMsg = h('div', {});
    const timelineBody = h('tbody', {});
    const more = h('button', { type: 'button', class: 'secondary', id: 'timeline-more', hidden: true }, 'Load more');
    let token = null;
    show('Device ' + id, content,
      h('h2', {}, 'Log pulls'), logs,
      h('h2', {}, 'Timeline'),
      h('p', { class: 'hint' }, 'Every rollout attempt, status the device reported, retry and operator command touching this device, newest first (kept 90 days).'),
      timelineMsg,
      h('table', { id: 'timeline' },
        h('thead', {}, h('tr', {}, ['Time', 'What', 'Operation', 'Attempt', 'State', 'Detail', 'Error', 'By']
          .map((t, i) => h('th', { scope: 'col', class: i === 3 ? 'num' : null }, t)))),
        timelineBody),
      more,
      h('p', {}, h('a', { href: '#/devices' }, 'All devices')));
    api('GET', '/devices/' + enc(id)).then(d => {
      if (me !== view) return;
      fill(content, h('pre', { class: 'mono', id: 'device-json' }, JSON.stringify(d, null, 2)));
    }).catch(err => { if (me === view) fill(content, problemBox(err)); });

    async function loadTimeline() {
      const q = new URLSearchParams();
      q.set('pageSize', '50');
      if (token) q.set('continuationToken', token);
      try {
        const page = await api('GET', '/devices/' + enc(id) + '/timeline?' + q);
        if (me !== view) return;
        for (const e of page.entries || []) {
          const opCell = e.kind === 'rollout' && e.operationId
            ? h('a', { href: '#/operations/' + enc(e.operationId) }, e.operationId) : (e.operationId || '');
          timelineBody.append(h('tr', { 'data-kind': e.kind, 'data-state': e.state, 'data-attempt': e.attempt === undefined ? null : e.attempt },
            h('td', {}, fmtTime(e.at)),
            h('td', {}, e.kind === 'command' ? 'command ' + (e.action || '') : (e.action || '')),
            h('td', { class: 'mono' }, opCell),
            h('td', { class: 'num' }, e.attempt === undefined ? '' : String(e.attempt)),
            h('td', {}, e.state || ''),
            h('td', {}, e.detail || ''),
            h('td', {}, e.error ? [e.error.code, e.error.message].filter(Boolean).join(': ') : ''),
            h('td', {}, e.actor ? e.actor.displayName || e.actor.objectId : '')));
        }
        if (!(page.entries || []).length && !token) fill(timelineMsg, h('p', { class: 'notice' }, 'Nothing has happened to this device yet.'));
        token = page.continuationToken || null;
        more.hidden = !token;
      } catch (err) { if (me === view) fill(timelineMsg, problemBox(err)); }
    }
    more.addEventListener('click', loadTimeline);
    loadTimeline();

    // A log pull: start one, then ask where it stands; the file's read link comes from the API, valid 15 minutes.
    const pullState = h('div', { id: 'log-pull' });
    const start = h('button', { type: 'button', id: 'pull-logs' }, 'Pull the device\'s log');
    start.addEventListener('click', async () => {
      start.disabled = true;
      try {
        const s = await api('POST', '/devices/' + enc(id) + '/logs', {});
        if (me !== view) return;
        say('Log pull ' + s.result + ' (' + s.operationId + ')');
        const status = h('div', {});
        const check = h('button', { type: 'button', class: 'secondary', id: 'check-logs' }, 'Check');
        check.addEventListener('click', async () => {
          try {
            const r = await api('GET', '/devices/' + enc(id) + '/logs?operationId=' + enc(s.operationId));
            if (me !== view) return;
            fill(status, h('p', {}, 'Status: ', h('strong', {}, r.status || ''),
              r.bytes !== undefined && r.bytes !== null ? ', ' + fmtNum(r.bytes) + ' bytes' : '',
              r.error ? ', ' + (r.error.code || '') + ' ' + (r.error.message || '') : ''),
              r.downloadUrl ? h('p', {}, h('a', { href: r.downloadUrl, rel: 'noopener noreferrer', download: '' }, 'Download the log'), ' (link valid 15 minutes)') : null);
          } catch (err) { if (me === view) fill(status, problemBox(err)); }
        });
        fill(pullState, h('p', {}, 'The file will appear in container ', h('code', {}, s.container || ''), ' as ',
          h('code', {}, s.blob || ''), '.'), check, status);
      } catch (err) { if (me === view) fill(pullState, problemBox(err)); }
      start.disabled = false;
    });
    fill(logs, h('p', { class: 'hint' }, 'Asks the device to upload its recent log, redacted of secrets (Operator).'), start, pullState);
  }

  function firmwareView() {
    setNav('firmware');
    const me = view;
    const body = h('tbody', {});
    const msg = h('div', {});
    show('Firmware', h('p', { class: 'hint' }, 'Register a version with POST /api/firmware, upload its package to the link it returns, then complete it: FleetOps measures the size and SHA-256 itself (docs/firmware-catalog.md; on the local stack: scripts/local-stack.sh add-firmware VERSION).'),
      msg, h('table', { id: 'firmware-list' }, h('thead', {}, h('tr', {}, ['Version', 'Name', 'State', 'Model', 'Size (bytes)', 'SHA-256', 'Signature', 'Registered']
        .map(t => h('th', { scope: 'col' }, t)))), body));
    api('GET', '/firmware').then(list => {
      if (me !== view) return;
      const items = (list && list.versions) || [];
      fill(body, items.map(f => h('tr', { 'data-version': f.version }, h('td', {}, f.version), h('td', {}, f.name || ''),
        h('td', {}, f.state || '', f.failure ? ': ' + f.failure : ''), h('td', {}, f.compatibility || ''),
        h('td', { class: 'num' }, fmtNum(f.sizeBytes)), h('td', { class: 'mono' }, f.sha256 || ''),
        h('td', {}, f.signingKeyId ? 'key ' + f.signingKeyId + (f.signedBy ? ', signed by FleetOps for ' + f.signedBy : '') : 'unsigned'),
        h('td', {}, fmtTime(f.registeredAt), f.registeredBy ? ' by ' + f.registeredBy : ''))));
      if (!items.length) fill(msg, h('p', { class: 'notice' }, 'The catalog is empty.'));
    }).catch(err => fill(msg, problemBox(err)));
  }

  // ---- routing ----------------------------------------------------------------------------------------------------
  function route() {
    view++;
    say('');
    const hash = location.hash.replace(/^#/, '') || '/operations';
    const [path, query] = hash.split('?');
    const params = new URLSearchParams(query || '');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (!credentials.key && parts[0] !== 'connect') { connectView(); return; }
    if (parts[0] === 'operations' && parts[1]) operationView(parts[1]);
    else if (parts[0] === 'new') newOperationView();
    else if (parts[0] === 'devices' && parts[1]) deviceView(parts[1]);
    else if (parts[0] === 'devices') devicesView(params);
    else if (parts[0] === 'firmware') firmwareView();
    else if (parts[0] === 'connect') connectView();
    else operationsView(params);
  }
  window.addEventListener('hashchange', route);
  route();
})();
