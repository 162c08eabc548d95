// charts.js: small SVG bar charts.  Each row carries its label and exact
// figure as text beside the bar, so the chart reads without the picture.
import { h, svg } from './dom.js';
import { t } from './i18n.js';
import { link } from './ui.js';

const PALETTE = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];

// rows: [{label, parts: [{name, value}], text, href}] as stacked
// horizontal bars scaled to the largest row; legend: part names in colour
// order; note: what the figures count.  A row with href opens the
// records behind its figure.
export function barChart(title, rows, legend, note) {
	const fig = h('figure.chart', h('figcaption', title, note ? h('span.counts', note) : null));
	if (!rows.length) {
		fig.append(h('p.muted', t('no_data')));
		return fig;
	}
	const max = Math.max(...rows.map((r) => r.parts.reduce((s, p) => s + p.value, 0)), 1);
	const list = h('ul.bars');
	for (const r of rows) {
		const bar = svg('svg', { viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true', class: 'bar' });
		let x = 0;
		for (const p of r.parts) {
			const w = (p.value / max) * 100;
			if (w > 0) bar.append(svg('rect', { x, y: 0, width: w, height: 10, class: PALETTE[Math.max(0, legend ? legend.indexOf(p.name) : 0) % PALETTE.length] }));
			x += w;
		}
		list.append(h('li', h('span.bar-label', { title: r.label }, r.label), bar, h('span.bar-value', r.href ? link(r.href, r.text) : r.text)));
	}
	fig.append(list);
	if (legend && legend.length > 1)
		fig.append(h('ul.legend', legend.map((name, i) => h('li', h('span.swatch.' + PALETTE[i % PALETTE.length], { 'aria-hidden': 'true' }), name))));
	return fig;
}
