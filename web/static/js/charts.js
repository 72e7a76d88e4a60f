/*
 * charts.js — draws the charts of a page: each .chart[data-options]
 * element gets an ECharts instance with the options (built on the server
 * by package reports with go-echarts) from the JSON block it names. The
 * layout follows the element's size: a radar leaves its axis labels the
 * room there is beside it (they wrap, never run off the canvas), smaller
 * on a phone; redone when the window is resized.
 */
(function () {
  'use strict';
  var els = document.querySelectorAll('.chart[data-options]');
  if (!window.echarts) {
    els.forEach(function (el) { el.classList.add('chart-missing'); });
    return;
  }
  // wrap breaks text into lines of at most n characters, between words
  // (a word longer than a line is cut into pieces).
  function wrap(text, n) {
    var lines = [], line = '';
    String(text).split(/\s+/).forEach(function (word) {
      while (word.length > n) {
        if (line) { lines.push(line); line = ''; }
        lines.push(word.slice(0, n - 1) + '-');
        word = word.slice(n - 1);
      }
      if (!line) line = word;
      else if (line.length + 1 + word.length <= n) line += ' ' + word;
      else { lines.push(line); line = word; }
    });
    if (line) lines.push(line);
    return lines.join('\n');
  }
  // fit adapts the options that depend on the chart's size.
  function fit(chart, el, opt) {
    var w = el.clientWidth, h = el.clientHeight;
    var narrow = w < 480;
    var o = {};
    if (opt.legend && narrow) {
      // a phone: the legend's entries one under the other, never cut
      o.legend = { type: 'plain', orient: 'vertical', left: 'center', bottom: 0 };
      if (opt.grid) o.grid = { bottom: 64 };
    }
    if (opt.radar) {
      var share = narrow ? 0.40 : 0.58;
      var r = share * Math.min(w, h) / 2;
      var size = narrow ? 10 : 12;
      // the labels sit beside the radar: what is left of half the width
      var room = Math.max(44, Math.min(150, Math.floor(w / 2 - r - 16)));
      var chars = Math.max(6, Math.floor(room / (size * 0.56)));
      o.radar = {
        radius: Math.round(share * 100) + '%',
        center: ['50%', narrow ? '42%' : '48%'],
        axisName: { fontSize: size, lineHeight: size + 3, formatter: function (name) { return wrap(name, chars); } }
      };
    }
    chart.setOption(o);
  }
  var charts = [], pending = [];
  // draw draws a chart once its element has a size (a chart hidden on a
  // phone, such as the heat map, is drawn when the window grows).
  function draw(el) {
    if (el.clientWidth === 0) { pending.push(el); return; }
    var src = document.getElementById(el.getAttribute('data-options'));
    if (!src) return;
    var opt = JSON.parse(src.textContent);
    var chart = window.echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(opt);
    fit(chart, el, opt);
    charts.push({ chart: chart, el: el, opt: opt });
  }
  els.forEach(draw);
  var t = null;
  window.addEventListener('resize', function () {
    clearTimeout(t);
    t = setTimeout(function () {
      charts.forEach(function (c) { c.chart.resize(); fit(c.chart, c.el, c.opt); });
      var wait = pending;
      pending = [];
      wait.forEach(draw);
    }, 150);
  });
})();
