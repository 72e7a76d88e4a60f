package web

import "fmt"

// labelsOutside lists the texts of a drawn chart that do not fit inside
// its canvas (cut labels), read from ECharts' own display list.
func labelsOutside(b *browser, id string) []string {
	b.t.Helper()
	b.chart(id)
	return eval[[]string](b, fmt.Sprintf(`(function () {
		var el = document.getElementById(%q);
		var zr = echarts.getInstanceByDom(el).getZr();
		var W = zr.getWidth(), H = zr.getHeight(), out = [];
		zr.storage.getDisplayList(true).forEach(function (e) {
			var text = e.style && e.style.text;
			if (!text || e.type === 'tspan' && !text.trim()) return;
			var r = e.getBoundingRect().clone();
			var m = e.getComputedTransform ? e.getComputedTransform() : e.transform;
			if (m) r.applyTransform(m);
			if (r.x < -1 || r.y < -1 || r.x + r.width > W + 1 || r.y + r.height > H + 1) out.push(String(text) + ' ' + JSON.stringify([Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height), W, H, e.type]));
		});
		return out;
	})()`, id))
}

// labelCount is how many texts a chart draws (so that a check of their
// bounds checks something).
func labelCount(b *browser, id string) int {
	b.t.Helper()
	return eval[int](b, fmt.Sprintf(`echarts.getInstanceByDom(document.getElementById(%q)).getZr().storage.getDisplayList(true)
		.filter(function (e) { return e.style && e.style.text; }).length`, id))
}
