// ui.js: what every page shares: links, headings, problems in plain words.
import * as api from './api.js';
import { h, clear } from './dom.js';
import { t, tx } from './i18n.js';

export function link(href, ...children) {
	return h('a', { href, 'data-link': true }, ...children);
}

// An API problem in plain words for the person at the screen.
export function problemText(e) {
	if (!e || !e.status) return `${t('error')}: ${e && e.message ? e.message : e}`;
	if (e.status === 404) return t('not_found');
	if (e.status === 403) return t('forbidden');
	if (e.status === 412) return t('conflict');
	const d = e.problem && e.problem.detail;
	return d ? `${t('error')}: ${d}` : `${t('error')} (HTTP ${e.status})`;
}

export function errorBox(e) {
	return h('p.alert', { role: 'alert' }, problemText(e));
}

export function dl(rows) {
	return h('dl.facts', rows.filter((r) => r && r[1] !== '' && r[1] !== null && r[1] !== undefined)
		.map(([k, v]) => [h('dt', k), h('dd', v)]));
}

export function pageTitle(text, ...extra) {
	document.title = `${text} · Pavilion`;
	return h('div.page-head', h('h1', text), extra.length ? h('div.actions', ...extra) : null);
}

// Finds an organisation or a person by name through the server's search
// (never a whole registry): a search box and the hits to pick from;
// onpick(id) when one is chosen.
export function searchPicker(id, kind, what, onpick) {
	const q = h('input', { id, type: 'search', placeholder: t('pick_search'), autocomplete: 'off' });
	const sel = h('select', { 'aria-label': what, id: id + '-pick' }, h('option', { value: '' }, '—'));
	let timer = null;
	sel.addEventListener('change', () => onpick && sel.value && onpick(sel.value));
	q.addEventListener('input', () => {
		clearTimeout(timer);
		timer = setTimeout(async () => {
			if (q.value.trim().length < 2) return;
			const hits = await api.get(`/api/search?q=${encodeURIComponent(q.value.trim())}&limit=20`);
			const found = hits.items.filter((x) => x.kind === kind);
			clear(sel).append(h('option', { value: '' }, found.length ? '—' : t('none')),
				...found.map((x) => h('option', { value: x.id }, tx(x.name))));
			if (found.length === 1) {
				sel.value = String(found[0].id);
				if (onpick) onpick(sel.value);
			}
		}, 250);
	});
	return { el: h('span.search-pick', q, ' ', sel), value: () => sel.value };
}
