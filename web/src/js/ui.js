// ui.js: what every page shares: links, headings, problems in plain words.
import { h } from './dom.js';
import { t } from './i18n.js';

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
