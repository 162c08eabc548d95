// lists.js: the lists behind the figures (events, consultations,
// realisations of a filter set): the filters taken from the address, the
// count of the records from the same aggregate as the figure with what
// it counts, a line naming the filters, and the records a page at a time.
import * as api from '../api.js';
import { h } from '../dom.js';
import { t, tx, label } from '../i18n.js';
import { number } from '../format.js';
import { link, pageTitle } from '../ui.js';
import { pagedList } from '../paged.js';

// The address's values of the names a list applies.
export function filtersOf(query, names) {
	const f = {};
	for (const k of names) if (query.get(k)) f[k] = query.get(k);
	return f;
}

// The filters in words ("Sector: Food · Year: 2024"); kindVocab names
// the vocabulary of `kind`.
export function filterNote(filters, clearHref, kindVocab = 'event_kind') {
	const vocab = { kind: kindVocab, sector: 'sector', status: 'status', except: 'status' };
	const words = (k, v) => (vocab[k] ? v.split(',').map((x) => label(vocab[k], x) || x).join(', ') : v);
	const named = Object.entries(filters).map(([k, v]) => `${t(k === 'except' ? 'left_out' : k)}: ${words(k, v)}`);
	return named.length ? h('p.muted', { id: 'list-filters' }, named.join(' · '), ' · ', link(clearHref, t('clear_filters'))) : null;
}

// A list page: spec {title, path (the page's), measure (of /api/stats),
// listing (under /api/), names (filters), listName(filters) -> the
// listing's parameters, columns, row(record) -> tr, kindVocab, sort}.
export async function listPage(spec, query) {
	const filters = filtersOf(query, spec.names);
	const head = h('thead', h('tr', spec.columns.map((x) => h('th', { scope: 'col' }, x))));
	const list = pagedList('tbody', spec.row, { id: `${spec.measure}-list`, head, empty: t('none') });
	const params = spec.listName ? spec.listName(filters) : filters;
	const [st] = await Promise.all([
		api.get(`/api/stats?${api.query({ measure: spec.measure, top: 1, ...filters })}`),
		list.load((c) => api.page(spec.listing, { ...params, sort: spec.sort, limit: 50 }, c))]);
	return h('div', pageTitle(spec.title),
		h('p.list-count', h('span', { id: 'list-count' }, number(st.total.count)), ' ', h('span.counts', tx(st.counts))),
		filterNote(filters, spec.path, spec.kindVocab), list.el);
}
