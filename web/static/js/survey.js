/*
 * survey.js — the questionnaire pages: skip logic applied live (expr.js),
 * autosave a few seconds after a change and when leaving a question
 * (PUT with If-Match and the CSRF header), a visible save status, server
 * validation messages next to the fields, and the submission.
 */
(function () {
  'use strict';
  var cfgEl = document.getElementById('survey-config');
  if (!cfgEl || !window.ABExpr) return;
  var cfg = JSON.parse(cfgEl.textContent);
  // an expr.js of another version of the expressions' JSON form (a cached
  // script after an upgrade) would misread them: the server decides alone
  if (cfg.exprVersion !== window.ABExpr.VERSION) {
    console.warn('expr.js evaluates version ' + window.ABExpr.VERSION + ' of the expressions, the page sends ' + cfg.exprVersion);
    window.ABExpr = { relevance: function () { return {}; }, offered: function () { return {}; }, prune: function (qs, a) { return a; } };
  }
  var answers = cfg.answers || {};
  var revision = cfg.revision;
  var statusEl = document.getElementById('save-status') || document.getElementById('submit-status');
  var actions = document.getElementById('save-actions');
  var form = document.getElementById('qform');
  var SAVE_DELAY = 2500;

  function msg(k) { return (cfg.messages && cfg.messages[k]) || k; }
  function setStatus(key, cls, extra) {
    if (!statusEl) return;
    statusEl.textContent = msg(key) + (extra ? ' ' + extra : '');
    statusEl.className = 'save-status' + (cls ? ' ' + cls : '');
  }
  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)assocbench_csrf=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : '';
  }
  function apiURL(suffix) { return cfg.api + (suffix || '') + '?lang=' + encodeURIComponent(cfg.lang); }

  // ---- reading answers from the form ----
  function checked(box) { return box.querySelector('input[type=radio]:checked'); }
  function level(v) { return v === 'n/a' ? 'n/a' : Number(v); }

  function readQuestion(box) {
    var type = box.getAttribute('data-type');
    var el, v, r;
    switch (type) {
      case 'note':
        return undefined;
      case 'single_choice':
      case 'yes_no':
        el = box.querySelector('select');
        if (el) return el.value || undefined;
        r = checked(box);
        return r ? r.value : undefined;
      case 'likert':
        r = checked(box);
        return r ? level(r.value) : undefined;
      case 'multi_choice': {
        var ids = [];
        el = box.querySelector('select');
        if (el) {
          Array.prototype.forEach.call(el.selectedOptions, function (o) { ids.push(o.value); });
        } else {
          box.querySelectorAll('input[type=checkbox]:checked').forEach(function (c) { ids.push(c.value); });
        }
        return ids.length ? ids : undefined;
      }
      case 'rubric': {
        r = checked(box);
        if (!r) return undefined;
        var o = { level: level(r.value) };
        var j = box.querySelector('[data-part=justification]').value.trim();
        var e = box.querySelector('[data-part=evidence]').value.trim();
        if (j) o.justification = j;
        if (e) o.evidence = e;
        return o;
      }
      case 'matrix': {
        var rows = {}, any = false;
        box.querySelectorAll('input[type=radio]:checked').forEach(function (i) {
          rows[i.getAttribute('data-row')] = level(i.value);
          any = true;
        });
        return any ? rows : undefined;
      }
      case 'integer':
      case 'decimal':
      case 'percent':
      case 'currency':
        el = box.querySelector('input');
        v = el.value.trim();
        if (v === '') return undefined;
        v = Number(v);
        return isFinite(v) ? v : undefined;
    }
    el = box.querySelector('input, textarea');
    v = el ? el.value : '';
    return v.trim() === '' ? undefined : v;
  }

  function boxes() { return form ? form.querySelectorAll('.q[data-qid]') : []; }

  // ---- skip logic ----
  function applyRelevance() {
    var rel = window.ABExpr.relevance(cfg.questions, answers);
    var offered = window.ABExpr.offered(cfg.questions, answers);
    var changed = false;
    boxes().forEach(function (box) {
      var id = box.getAttribute('data-qid');
      var show = rel[id] !== false;
      if (box.hidden === show) box.hidden = !show;
      if (offered[id] && filterChoices(box, offered[id])) {
        answers[id] = readQuestion(box);
        if (answers[id] === undefined) delete answers[id];
        changed = true;
      }
    });
    // a choice no longer offered was deselected: other questions may depend on it
    if (changed) applyRelevance();
  }

  // filterChoices shows only the offered choices of a question with a
  // choice_filter (cascading selects) and deselects the others; it
  // reports whether a selection was dropped.
  function filterChoices(box, ids) {
    var dropped = false;
    box.querySelectorAll('input[type=radio], input[type=checkbox]').forEach(function (i) {
      var show = ids.indexOf(i.value) >= 0;
      var wrap = i.closest('.choice') || i;
      if (wrap.hidden === show) wrap.hidden = !show;
      if (!show && i.checked) { i.checked = false; dropped = true; }
    });
    box.querySelectorAll('option').forEach(function (o) {
      if (o.value === '') return;
      var show = ids.indexOf(o.value) >= 0;
      if (o.hidden === show) { o.hidden = !show; o.disabled = !show; }
      if (!show && o.selected) { o.selected = false; dropped = true; }
    });
    return dropped;
  }

  // ---- validation messages ----
  function clearErrors() {
    document.querySelectorAll('.q .error').forEach(function (e) { e.textContent = ''; });
    document.querySelectorAll('[aria-invalid=true]').forEach(function (e) { e.removeAttribute('aria-invalid'); });
  }
  function showErrors(fields) {
    clearErrors();
    var elsewhere = [];
    Object.keys(fields || {}).forEach(function (id) {
      var e = document.getElementById('e-' + id);
      if (!e) {
        elsewhere.push(labelOf(id) + ': ' + fields[id]);
        return;
      }
      e.textContent = fields[id];
      var box = document.getElementById('q-' + id);
      if (box) {
        box.querySelectorAll('input, select, textarea').forEach(function (i) { i.setAttribute('aria-invalid', 'true'); });
      }
    });
    return elsewhere;
  }
  function labelOf(id) {
    for (var i = 0; i < cfg.questions.length; i++) {
      if (cfg.questions[i].id === id) return cfg.questions[i].label || id;
    }
    return id;
  }

  // ---- autosave ----
  var dirty = false, inflight = null, timer = null, blocked = false, retry = null;

  function body() {
    return JSON.stringify({ answers: window.ABExpr.prune(cfg.questions, answers), position: cfg.section });
  }

  function schedule(delay) {
    if (blocked) return;
    dirty = true;
    setStatus('save.unsaved');
    clearTimeout(timer);
    timer = setTimeout(save, delay === undefined ? SAVE_DELAY : delay);
  }

  function block(key) {
    blocked = true;
    clearTimeout(timer);
    clearTimeout(retry);
    setStatus(key, 'bad');
    if (actions && key === 'save.conflict') actions.hidden = false;
  }

  // save sends the answers when they changed; it resolves when the
  // answers are stored or the attempt failed.
  function save() {
    clearTimeout(timer);
    if (blocked || !dirty) return inflight || Promise.resolve();
    if (inflight) return inflight.then(save);
    dirty = false;
    setStatus('save.saving', 'busy');
    inflight = fetch(apiURL(''), {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'If-Match': '"' + revision + '"', 'X-CSRF-Token': csrf() },
      body: body()
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        inflight = null;
        if (res.ok) {
          revision = data.revision;
          clearErrors();
          var attention = showChecks();
          if (dirty) schedule(300); else if (attention) setStatus('save.attention', 'warn'); else setStatus('save.saved', 'ok');
          return;
        }
        var code = data.error && data.error.code;
        if (res.status === 412) return block('save.conflict');
        if (res.status === 409) return block(code === 'closed' ? 'save.closed' : 'save.conflict');
        if (res.status === 422 || res.status === 400) {
          var elsewhere = showErrors(data.error && data.error.fields);
          setStatus('save.invalid', 'bad', elsewhere.join('; '));
          return;
        }
        dirty = true;
        setStatus('save.error', 'warn');
        var wait = res.status === 429 ? 1000 * (Number(res.headers.get('Retry-After')) || 5) : 5000;
        retry = setTimeout(save, wait);
      });
    }, function () {
      inflight = null;
      dirty = true;
      setStatus('save.offline', 'warn');
      clearTimeout(retry);
      retry = setTimeout(save, 10000);
    });
    return inflight;
  }

  function changed(box) {
    var id = box.getAttribute('data-qid');
    var v = readQuestion(box);
    if (v === undefined) delete answers[id]; else answers[id] = v;
    applyRelevance();
    schedule();
  }

  if (form && !cfg.readOnly) {
    var onChange = function (ev) {
      var t = ev.target;
      var box = t.closest && t.closest('.q[data-qid]');
      if (!box) return;
      if (t.type === 'checkbox' && t.checked) {
        // an exclusive option ("none of these") cannot be combined with another
        var excl = t.getAttribute('data-exclusive') === '1';
        box.querySelectorAll('input[type=checkbox]').forEach(function (o) {
          if (o !== t && o.checked && (excl || o.getAttribute('data-exclusive') === '1')) o.checked = false;
        });
      }
      changed(box);
      if (ev.type === 'change' && (t.type === 'radio' || t.type === 'checkbox' || t.tagName === 'SELECT')) left(box);
    };
    form.addEventListener('change', onChange);
    form.addEventListener('input', onChange);
    form.addEventListener('focusout', function (ev) {
      var box = ev.target.closest && ev.target.closest('.q[data-qid]');
      if (box && ev.relatedTarget && box.contains(ev.relatedTarget)) return;
      if (box) left(box);
      if (dirty) save();
    });
    form.addEventListener('submit', function (ev) { ev.preventDefault(); save(); });
    window.addEventListener('online', function () { if (dirty) save(); });
    window.addEventListener('pagehide', function () {
      if (!dirty || blocked) return;
      try {
        fetch(apiURL(''), {
          method: 'PUT', keepalive: true, credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'If-Match': '"' + revision + '"', 'X-CSRF-Token': csrf() },
          body: body()
        });
      } catch (e) { /* the page is going away */ }
    });
    // leaving by a step link or Previous/Next: save first
    document.querySelectorAll('a[data-nav]').forEach(function (a) {
      a.addEventListener('click', function (ev) {
        if (!dirty && !inflight) return;
        ev.preventDefault();
        save().then(function () {
          if (!dirty && !blocked) window.location.href = a.href;
        });
      });
    });
    if (cfg.revision === 0 && Object.keys(answers).length > 0) {
      setStatus('save.unsaved');
    }
  }
  if (form) applyRelevance();

  // ---- the rules, checked as soon as a field is left ----
  // The server checks the answers with the submission's own rules
  // (POST .../check, nothing stored); a message shows next to each field
  // already left, and goes when the answer is right.
  var touched = {}, checks = {}, checkTimer = null;
  var checkURL = window.location.pathname.replace(/\/[^\/]*$/, '/check') + window.location.search;
  function showChecks() {
    var attention = false;
    Object.keys(touched).forEach(function (id) {
      var e = document.getElementById('e-' + id);
      var box = document.getElementById('q-' + id);
      if (!e || !box) return;
      var m = box.hidden ? '' : (checks[id] || '');
      if (m) attention = true;
      if (e.textContent !== m) e.textContent = m;
      box.querySelectorAll('input, select, textarea').forEach(function (i) {
        if (m) i.setAttribute('aria-invalid', 'true'); else i.removeAttribute('aria-invalid');
      });
    });
    return attention;
  }
  function check() {
    fetch(checkURL, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf() },
      body: JSON.stringify({ answers: window.ABExpr.prune(cfg.questions, answers) })
    }).then(function (res) { return res.ok ? res.json() : null; }).then(function (data) {
      if (!data) return;
      checks = data.fields || {};
      var attention = showChecks();
      if (!dirty && !inflight && !blocked && statusEl && statusEl.className.indexOf('ok') >= 0 && attention) setStatus('save.attention', 'warn');
      if (!dirty && !inflight && !blocked && statusEl && statusEl.className.indexOf('warn') >= 0 && !attention && statusEl.textContent === msg('save.attention')) setStatus('save.saved', 'ok');
    }, function () { /* offline: the save status says so */ });
  }
  function left(box) {
    touched[box.getAttribute('data-qid')] = true;
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, 150);
  }

  // ---- amounts: the currency code and thousands separators (display only) ----
  var numberFormat = null;
  try { numberFormat = new Intl.NumberFormat(cfg.lang + '-u-nu-latn', { maximumFractionDigits: 2 }); } catch (e) { numberFormat = null; }
  function currencyCode() {
    var c = cfg.currencyFrom && answers[cfg.currencyFrom];
    return typeof c === 'string' ? c.trim().toUpperCase().slice(0, 3) : '';
  }
  function showAmounts() {
    if (!form || !numberFormat) return;
    var code = currencyCode();
    form.querySelectorAll('.q[data-type=currency]').forEach(function (box) {
      var input = box.querySelector('input');
      if (!input) return;
      var out = box.querySelector('.amount');
      if (!out) {
        out = document.createElement('span');
        out.className = 'amount';
        out.id = 'f-' + box.getAttribute('data-qid');
        out.setAttribute('dir', 'ltr');
        input.parentNode.appendChild(out);
        input.setAttribute('aria-describedby', ((input.getAttribute('aria-describedby') || '') + ' ' + out.id).trim());
      }
      var v = input.value.trim(), n = Number(v);
      var text = v === '' || !isFinite(n) ? (code || '') : numberFormat.format(n) + (code ? ' ' + code : '');
      if (out.textContent !== text) out.textContent = text;
    });
  }
  if (form) {
    showAmounts();
    form.addEventListener('input', showAmounts);
    form.addEventListener('change', showAmounts);
  }

  var reload = document.getElementById('reload');
  if (reload) reload.addEventListener('click', function () { window.location.reload(); });

  // ---- submission ----
  var submitBtn = document.getElementById('submit');
  var confirmBox = document.getElementById('confirm-submit');
  if (submitBtn && confirmBox && !cfg.readOnly) {
    // an explicit confirmation before the final submission
    confirmBox.addEventListener('change', function () { submitBtn.disabled = !confirmBox.checked || confirmBox.disabled; });
    submitBtn.disabled = !confirmBox.checked || confirmBox.disabled;
  }
  if (submitBtn && !cfg.readOnly) {
    var storeKey = 'assocbench-submit:' + cfg.api;
    var newKey = function () {
      if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
      var b = new Uint8Array(16);
      window.crypto.getRandomValues(b);
      return Array.prototype.map.call(b, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
    };
    var errList = document.getElementById('submit-errors');
    submitBtn.addEventListener('click', function () {
      var key = null;
      try { key = window.sessionStorage.getItem(storeKey); } catch (e) { key = null; }
      if (!key) {
        key = newKey();
        try { window.sessionStorage.setItem(storeKey, key); } catch (e) { /* private mode: key kept in memory */ }
      }
      submitBtn.setAttribute('data-key', key);
      submitBtn.disabled = true;
      setStatus('submit.sending', 'busy');
      fetch(apiURL('/submit'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key, 'X-CSRF-Token': csrf() },
        body: JSON.stringify({ answers: window.ABExpr.prune(cfg.questions, answers) })
      }).then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (data) {
          if (res.ok) {
            try { window.sessionStorage.removeItem(storeKey); } catch (e) { /* nothing kept */ }
            window.location.href = cfg.done;
            return;
          }
          if (res.status === 422) {
            try { window.sessionStorage.removeItem(storeKey); } catch (e) { /* nothing kept */ }
            setStatus('submit.invalid', 'bad');
            var fields = (data.error && data.error.fields) || {};
            errList.textContent = '';
            Object.keys(fields).forEach(function (id) {
              var li = document.createElement('li');
              li.textContent = labelOf(id) + ' — ' + fields[id];
              errList.appendChild(li);
            });
            errList.hidden = false;
            submitBtn.disabled = false;
            return;
          }
          if (res.status === 409) {
            setStatus('submit.conflict', 'bad');
            return;
          }
          setStatus('submit.failed', 'warn');
          submitBtn.disabled = false;
        });
      }, function () {
        setStatus('submit.failed', 'warn');
        submitBtn.disabled = false;
      });
    });
  }
})();
