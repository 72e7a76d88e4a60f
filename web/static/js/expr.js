/*
 * expr.js — the relevance expressions of assocbench questionnaires,
 * evaluated in the browser exactly as questionnaires/exprc.go does on the
 * server (the server stays the authority). The server sends each
 * expression compiled to a JSON tree (Question.RelevantAST):
 *   ["nil"] ["num", n] ["str", s] ["bool", b] ["id", name] ["get", matrix, row]
 *   ["neg", x] ["not", x] ["op", operator, a, b] ["if", cond, a, b]
 *   ["arr", ...] ["call", name, ...args]
 *   ["attr", name] (choice.<name> in a choice_filter: Question.ChoiceFilterAST)
 * Values: {k: kind, ...} with kinds nil (missing), num, str, bool, list
 * (multi_choice ids), rows (matrix row -> level, 0 = n/a), arr (literal).
 * A missing value propagates; and/or are three-valued; a relevance that
 * cannot be decided is false (the question is hidden).
 */
(function (global) {
  'use strict';

  var MISSING = { k: 'nil' };

  function num(f) {
    if (typeof f !== 'number' || !isFinite(f)) return MISSING;
    return { k: 'num', n: f };
  }
  function bool(b) { return { k: 'bool', n: b ? 1 : 0 }; }
  function str(s) { return { k: 'str', s: s }; }

  // truth returns [value, ok]: only booleans have a truth value.
  function truth(v) { return [v.k !== 'nil' && v.n !== 0 && v.n !== undefined, v.k === 'bool']; }

  // toValue converts a JSON answer of a question type into its expression value (toXV).
  function toValue(type, a) {
    if (a === null || a === undefined) return MISSING;
    switch (type) {
      case 'note':
        return MISSING;
      case 'yes_no':
      case 'likert':
        if (a === 'n/a') return MISSING;
        break;
      case 'rubric':
        if (typeof a !== 'object' || Array.isArray(a)) return MISSING;
        if (a.level === 'n/a' || a.level === 0 || typeof a.level !== 'number') return MISSING;
        return num(a.level);
      case 'matrix': {
        if (typeof a !== 'object' || Array.isArray(a)) return MISSING;
        var m = {};
        Object.keys(a).forEach(function (k) {
          var r = a[k];
          if (r === null || r === undefined) return;
          m[k] = r === 'n/a' ? 0 : r;
        });
        return { k: 'rows', m: m };
      }
      case 'multi_choice':
        if (!Array.isArray(a)) return MISSING;
        return { k: 'list', l: a.slice() };
    }
    if (typeof a === 'string') return str(a);
    if (typeof a === 'number') return num(a);
    if (Array.isArray(a)) return { k: 'list', l: a.slice() };
    return MISSING;
  }

  function cmpStr(a, b) {
    // byte order of the UTF-8 encodings, as Go compares strings
    if (a === b) return 0;
    var enc = global.TextEncoder ? new global.TextEncoder() : null;
    if (!enc) return a < b ? -1 : 1;
    var x = enc.encode(a), y = enc.encode(b);
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    }
    return x.length < y.length ? -1 : (x.length > y.length ? 1 : 0);
  }
  function cmpNum(a, b) { return a < b ? -1 : (a > b ? 1 : 0); }

  function equal(x, y) {
    if (x.k !== y.k) return false;
    switch (x.k) {
      case 'num':
      case 'bool':
        return x.n === y.n;
      case 'str':
        return x.s === y.s;
      case 'list':
        if (x.l.length !== y.l.length) return false;
        for (var i = 0; i < x.l.length; i++) if (x.l[i] !== y.l[i]) return false;
        return true;
    }
    return false;
  }

  // numbers flattens arguments into the present numbers; ok false when
  // a present argument is not a number.
  function numbers(args, each) {
    var present = 0;
    for (var i = 0; i < args.length; i++) {
      var a = args[i];
      switch (a.k) {
        case 'nil':
          break;
        case 'num':
          each(a.n);
          present++;
          break;
        case 'arr': {
          var r = numbers(a.a, each);
          if (!r.ok) return { present: present, ok: false };
          present += r.present;
          break;
        }
        default:
          return { present: present, ok: false };
      }
    }
    return { present: present, ok: true };
  }

  function goRound(x) {
    // Go's math.Round: half away from zero
    if (x < 0) return -Math.round(-x);
    return Math.round(x);
  }

  var helpers = {
    selected: function (args) {
      var x = args[0], c = args[1];
      if (c.k !== 'str') return MISSING;
      if (x.k === 'nil') return bool(false);
      if (x.k === 'str') return bool(x.s === c.s);
      if (x.k === 'list') return bool(x.l.indexOf(c.s) >= 0);
      return MISSING;
    },
    count: function (args) {
      var x = args[0];
      switch (x.k) {
        case 'list': return num(x.l.length);
        case 'rows': {
          var n = 0;
          Object.keys(x.m).forEach(function (k) { if (x.m[k] > 0) n++; });
          return num(n);
        }
        case 'arr': return num(x.a.length);
        case 'str': return num(1);
      }
      return MISSING;
    },
    answered: function (args) { return bool(args[0].k !== 'nil'); },
    sum: function (args) {
      var s = 0;
      var r = numbers(args, function (f) { s += f; });
      if (!r.ok || r.present === 0) return MISSING;
      return num(s);
    },
    min: function (args) {
      var m = Infinity;
      var r = numbers(args, function (f) { m = Math.min(m, f); });
      if (!r.ok || r.present === 0) return MISSING;
      return num(m);
    },
    max: function (args) {
      var m = -Infinity;
      var r = numbers(args, function (f) { m = Math.max(m, f); });
      if (!r.ok || r.present === 0) return MISSING;
      return num(m);
    },
    ratio: function (args) {
      var a = args[0], b = args[1];
      if (a.k !== 'num' || b.k !== 'num' || b.n === 0) return MISSING;
      return num(a.n / b.n);
    },
    hhi: function (args) {
      var total = 0, sq = 0, neg = false;
      var r = numbers(args, function (f) {
        if (f < 0) neg = true;
        total += f;
        sq += f * f;
      });
      if (!r.ok || neg || total === 0) return MISSING;
      return num(sq / (total * total));
    },
    abs: function (args) { return args[0].k === 'num' ? num(Math.abs(args[0].n)) : MISSING; },
    round: function (args) {
      if (args[0].k !== 'num') return MISSING;
      if (args.length === 1) return num(goRound(args[0].n));
      return roundTo(args[0].n, args[1]);
    },
    // from ODK XPath (questionnaires/exprodk.go)
    mod: function (args) {
      var a = args[0], b = args[1];
      if (a.k !== 'num' || b.k !== 'num' || b.n === 0) return MISSING;
      return num(a.n % b.n);
    },
    today: function () { return str(today()); },
    string_length: function (args) {
      var s = stringOf(args[0]);
      return s === null ? MISSING : num(Array.from(s).length);
    },
    int: function (args) {
      var n = toNumber(args[0]);
      return n.k === 'num' ? num(Math.trunc(n.n)) : MISSING;
    },
    number: function (args) { return toNumber(args[0]); },
    concat: function (args) {
      var out = '';
      for (var i = 0; i < args.length; i++) {
        if (args[i].k === 'nil') continue;
        var s = stringOf(args[i]);
        if (s === null) return MISSING;
        out += s;
      }
      return str(out);
    },
    selected_at: function (args) {
      var x = args[0], i = args[1];
      if (i.k !== 'num' || i.n !== Math.trunc(i.n) || i.n < 0) return MISSING;
      if (x.k === 'str' && i.n === 0) return x;
      if (x.k === 'list' && i.n < x.l.length) return str(x.l[i.n]);
      return MISSING;
    },
    boolean: function (args) {
      var x = args[0];
      switch (x.k) {
        case 'num':
        case 'bool': return bool(x.n !== 0);
        case 'str': return bool(x.s !== '');
        case 'list': return bool(x.l.length > 0);
        case 'rows': return bool(Object.keys(x.m).length > 0);
        case 'arr': return bool(x.a.length > 0);
      }
      return bool(false);
    },
    regex: function (args) {
      var s = stringOf(args[0]), p = args[1];
      if (s === null || p.k !== 'str') return MISSING;
      var re = regexCache[p.s];
      if (!re) {
        try { re = new RegExp(p.s, 'u'); } catch (e) { return MISSING; }
        regexCache[p.s] = re;
      }
      return bool(re.test(s));
    }
  };

  var regexCache = {};

  // the exact powers of ten round(x, n) multiplies by, as in Go
  var POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
    1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

  function roundTo(x, n) {
    if (n.k !== 'num' || n.n !== Math.trunc(n.n) || Math.abs(n.n) >= POW10.length) return MISSING;
    if (n.n >= 0) {
      var p = POW10[n.n];
      return num(goRound(x * p) / p);
    }
    var q = POW10[-n.n];
    return num(goRound(x / q) * q);
  }

  // today is the current date in UTC, as a date answer is written.
  function today() { return new Date().toISOString().slice(0, 10); }

  var NUMBER = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/;

  // toNumber converts a value as number() does (toNumber in exprodk.go).
  function toNumber(x) {
    switch (x.k) {
      case 'num': return x;
      case 'bool': return num(x.n);
      case 'str': {
        var s = x.s.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');
        if (!NUMBER.test(s)) return MISSING;
        return num(parseFloat(s));
      }
    }
    return MISSING;
  }

  // formatNumber writes f in plain decimal notation, the shortest digits
  // that read back, as Go's strconv.FormatFloat(f, 'f', -1, 64).
  function formatNumber(f) {
    if (f === 0) return '0';
    var s = String(f);
    var e = s.indexOf('e');
    if (e < 0) return s;
    var sign = '';
    var mant = s.slice(0, e), exp = parseInt(s.slice(e + 1), 10);
    if (mant.charAt(0) === '-') { sign = '-'; mant = mant.slice(1); }
    var dot = mant.indexOf('.');
    var digits = mant.replace('.', '');
    var point = (dot < 0 ? mant.length : dot) + exp; // digits before the point
    if (point <= 0) return sign + '0.' + '0'.repeat(-point) + digits;
    if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
    return sign + digits.slice(0, point) + '.' + digits.slice(point);
  }

  // stringOf is the text of a value (stringOf in exprodk.go), or null.
  function stringOf(x) {
    switch (x.k) {
      case 'str': return x.s;
      case 'num': return formatNumber(x.n);
      case 'bool': return x.n !== 0 ? 'true' : 'false';
      case 'list': return x.l.join(' ');
    }
    return null;
  }

  function isNilLiteral(node) { return Array.isArray(node) && node[0] === 'nil'; }

  // evaluate runs a compiled expression over env (id -> value).
  function evaluate(node, env) {
    if (!Array.isArray(node)) return MISSING;
    switch (node[0]) {
      case 'nil': return MISSING;
      case 'num': return num(node[1]);
      case 'str': return str(node[1]);
      case 'bool': return bool(node[1]);
      case 'id': return Object.prototype.hasOwnProperty.call(env, node[1]) ? env[node[1]] : MISSING;
      case 'attr': {
        // choice.<attr> in a choice_filter: the choice being decided
        var ch = env[CHOICE];
        if (!ch) return MISSING;
        if (node[1] === 'id') return str(ch.id);
        var a = ch.attrs && Object.prototype.hasOwnProperty.call(ch.attrs, node[1]) ? ch.attrs[node[1]] : '';
        return a === '' ? MISSING : str(a);
      }
      case 'get': {
        var x = Object.prototype.hasOwnProperty.call(env, node[1]) ? env[node[1]] : MISSING;
        if (x.k !== 'rows') return MISSING;
        if (Object.prototype.hasOwnProperty.call(x.m, node[2]) && x.m[node[2]] > 0) return num(x.m[node[2]]);
        return MISSING;
      }
      case 'neg': {
        var v = evaluate(node[1], env);
        return v.k === 'num' ? num(-v.n) : MISSING;
      }
      case 'not': {
        var t = truth(evaluate(node[1], env));
        return t[1] ? bool(!t[0]) : MISSING;
      }
      case 'if': {
        var c = truth(evaluate(node[1], env));
        if (!c[1]) return MISSING;
        return c[0] ? evaluate(node[2], env) : evaluate(node[3], env);
      }
      case 'arr': {
        var items = [];
        for (var i = 1; i < node.length; i++) items.push(evaluate(node[i], env));
        return { k: 'arr', a: items };
      }
      case 'call': {
        var h = helpers[node[1]];
        if (!h) return MISSING;
        var args = [];
        for (var j = 2; j < node.length; j++) args.push(evaluate(node[j], env));
        return h(args);
      }
      case 'op':
        return binary(node, env);
    }
    return MISSING;
  }

  function binary(node, env) {
    var op = node[1];
    var a = evaluate(node[2], env), b = evaluate(node[3], env);
    var x, y;
    switch (op) {
      case 'and':
        x = truth(a);
        if (x[1] && !x[0]) return bool(false);
        y = truth(b);
        if (y[1] && !y[0]) return bool(false);
        if (x[1] && y[1]) return bool(true);
        return MISSING;
      case 'or':
        x = truth(a);
        if (x[1] && x[0]) return bool(true);
        y = truth(b);
        if (y[1] && y[0]) return bool(true);
        if (x[1] && y[1]) return bool(false);
        return MISSING;
      case '??':
        return a.k !== 'nil' ? a : b;
      case '==':
      case '!=': {
        var neg = op === '!=';
        if (isNilLiteral(node[2]) || isNilLiteral(node[3])) return bool((a.k === b.k) !== neg);
        if (a.k === 'nil' || b.k === 'nil') return MISSING;
        return bool(equal(a, b) !== neg);
      }
      case 'in':
        if (a.k === 'nil' || b.k === 'nil') return MISSING;
        switch (b.k) {
          case 'list': return bool(a.k === 'str' && b.l.indexOf(a.s) >= 0);
          case 'arr':
            for (var i = 0; i < b.a.length; i++) if (equal(a, b.a[i])) return bool(true);
            return bool(false);
          case 'rows': return bool(a.k === 'str' && Object.prototype.hasOwnProperty.call(b.m, a.s));
        }
        return MISSING;
      case '<':
      case '<=':
      case '>':
      case '>=': {
        var d;
        if (a.k === 'num' && b.k === 'num') d = cmpNum(a.n, b.n);
        else if (a.k === 'str' && b.k === 'str') d = cmpStr(a.s, b.s);
        else return MISSING;
        if (op === '<') return bool(d < 0);
        if (op === '<=') return bool(d <= 0);
        if (op === '>') return bool(d > 0);
        return bool(d >= 0);
      }
    }
    // arithmetic
    if (op === '+' && a.k === 'str' && b.k === 'str') return str(a.s + b.s);
    if (a.k !== 'num' || b.k !== 'num') return MISSING;
    switch (op) {
      case '+': return num(a.n + b.n);
      case '-': return num(a.n - b.n);
      case '*': return num(a.n * b.n);
      case '/': return b.n === 0 ? MISSING : num(a.n / b.n);
      case '**': return num(Math.pow(a.n, b.n));
    }
    return MISSING;
  }

  // CHOICE is the key of env that holds the choice a choice_filter decides
  // (not an id: ids cannot hold it).
  var CHOICE = '\u0000choice';

  // env is the expression values of the answers, with irrelevant
  // questions missing; rel is their relevance.
  function evalEnv(questions, answers) {
    var env = {};
    questions.forEach(function (q) {
      if (q.type !== 'note' && Object.prototype.hasOwnProperty.call(answers, q.id)) {
        env[q.id] = toValue(q.type, answers[q.id]);
      }
    });
    var rel = {};
    questions.forEach(function (q) {
      var r = true;
      if (q.relevant) {
        var t = truth(evaluate(q.relevant, env));
        r = t[1] && t[0];
      }
      rel[q.id] = r;
      if (!r) env[q.id] = MISSING;
    });
    return { env: env, rel: rel };
  }

  // offered returns, for each question with a choice_filter (q.filter,
  // q.choices [{id, attrs}]), the ids of the choices it offers given the
  // answers, as Evaluation.ChoiceOffered decides.
  function offered(questions, answers) {
    var env = evalEnv(questions, answers).env;
    var out = {};
    questions.forEach(function (q) {
      if (!q.filter) return;
      out[q.id] = [];
      (q.choices || []).forEach(function (c) {
        env[CHOICE] = c;
        var t = truth(evaluate(q.filter, env));
        if (t[1] && t[0]) out[q.id].push(c.id);
      });
      delete env[CHOICE];
    });
    return out;
  }

  // relevance decides, in document order, which questions apply given the
  // answers (id -> JSON answer); the answer to an irrelevant question is
  // missing for the expressions after it. It returns id -> true/false.
  function relevance(questions, answers) { return evalEnv(questions, answers).rel; }

  // prune returns the answers without those to irrelevant (or unknown)
  // questions, as Questionnaire.PruneIrrelevant does.
  function prune(questions, answers) {
    var rel = relevance(questions, answers);
    var out = {};
    Object.keys(answers).forEach(function (id) {
      if (rel[id] === true) out[id] = answers[id];
    });
    return out;
  }

  // VERSION is the version of the JSON form this file evaluates
  // (questionnaires.ExprJSONVersion); the survey page checks it.
  global.ABExpr = { VERSION: 1, evaluate: evaluate, toValue: toValue, relevance: relevance, offered: offered, prune: prune, MISSING: MISSING };
})(typeof window !== 'undefined' ? window : globalThis);
