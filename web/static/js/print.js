// print.js — charts fit the printed page: before printing, each chart is
// redrawn at the page's width, and again at the screen's afterwards.
(function () {
  'use strict';
  if (!window.echarts) { return; }
  var resize = function () {
    document.querySelectorAll('.chart').forEach(function (el) {
      var c = window.echarts.getInstanceByDom(el);
      if (c) { c.resize(); }
    });
  };
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);
  if (window.matchMedia) {
    var mq = window.matchMedia('print');
    if (mq.addEventListener) { mq.addEventListener('change', resize); }
  }
})();
