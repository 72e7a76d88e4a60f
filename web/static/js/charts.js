/*
 * charts.js — draws the charts of a page: each .chart[data-options]
 * element gets an ECharts instance with the options (built on the server
 * by package reports with go-echarts) from the JSON block it names.
 */
(function () {
  'use strict';
  var els = document.querySelectorAll('.chart[data-options]');
  if (!window.echarts) {
    els.forEach(function (el) { el.classList.add('chart-missing'); });
    return;
  }
  var charts = [];
  els.forEach(function (el) {
    var src = document.getElementById(el.getAttribute('data-options'));
    if (!src) return;
    var chart = window.echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(JSON.parse(src.textContent));
    charts.push(chart);
  });
  var t = null;
  window.addEventListener('resize', function () {
    clearTimeout(t);
    t = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
  });
})();
