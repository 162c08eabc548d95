// agreements.js: the pipeline board by status, follow-ups due and
// overdue, the series view; one agreement's page; a pavilion's page.
import * as api from '../api.js';
import { h } from '../dom.js';
import { t, tx, label, enumCodes, getLang } from '../i18n.js';
import { money, number, day, todayKey } from '../format.js';
import { link, pageTitle, dl } from '../ui.js';
import { pagedList, refName, whenSeen } from '../paged.js';
import { go } from '../main.js';
import { filterNote } from './lists.js';

function ordinal(n) {
	if (getLang() === 'ko') return `${n}번째`;
	const s = ['th', 'st', 'nd', 'rd'], v = n % 100;
	return n + (s[(v - 20) % 10] || s[v] || s[0]);
}

// Filters the board takes from its address; each narrows the listings and
// the column counts alike, so a figure and its cards always agree.
const BOARD_FILTERS = ['q', 'signed_from', 'signed_to', 'province', 'series', 'mission', 'kind', 'country', 'sector'];
// Those the filter form does not show, named above the board.
const LINK_FILTERS = ['mission', 'kind', 'country', 'sector'];
const COLUMN_PAGE = 20;

const moneyList = (values) => (values || []).map((v, i) => [i ? ' · ' : '', h('span.money', money(v.minor, v.currency))]);

function agreementCard(a) {
	return h('li.card.small', link(`/agreements/${a.id}`, tx(a.title) || a.key),
		h('p.muted', `${label('agreement_kind', a.kind)} · ${day(a.signed_on)}`, a.value_minor !== null ? h('span.money', ` · ${money(a.value_minor, a.currency)}`) : null));
}

// The board: per status a column whose count and totals come from
// /api/stats and whose cards are the first page of that status, more on
// demand; open follow-ups across agreements, soonest first; the series.
export async function agreementsPage(_, query) {
	const filters = {};
	for (const k of BOARD_FILTERS) if (query.get(k)) filters[k] = query.get(k);
	const statuses = enumCodes('status');
	// One status, or every status but those left out (a mission's signed
	// figure leaves out the cancelled ones).
	const only = query.get('status');
	const except = (query.get('except') || '').split(',').filter(Boolean);
	const shown = only ? [only] : statuses.filter((s) => !except.includes(s));
	const columns = shown.map((s) => ({ s, list: pagedList('ul.plain', agreementCard, { id: `col-${s}`, empty: '\u00a0' }) }));
	// The same filters by the listing's names (mission_id) and the stats
	// endpoint's (from, to for the signing dates).
	const listFilters = { ...filters, mission_id: filters.mission };
	delete listFilters.mission;
	const statFilters = { ...filters, from: filters.signed_from, to: filters.signed_to };
	delete statFilters.signed_from; delete statFilters.signed_to;
	const followups = pagedList('ul.list', followupItem, { id: 'followup-list', empty: t('none') });
	const seriesId = filters.series;
	const seriesList = seriesId ? pagedList('ol.series', seriesItem(), { id: 'series-list' }) : null;
	const [byStatus, provinces] = await Promise.all([
		api.get(`/api/stats?${api.query({ measure: 'agreements', group: 'status', ...statFilters })}`),
		api.get('/api/stats?measure=missions&group=province&top=100'),
		...columns.map(({ s, list }) => list.load((c) => api.page('agreements', { ...listFilters, status: s, sort: '-signed_on', limit: COLUMN_PAGE }, c))),
		followups.load((c) => api.page('followups', { state: 'open', sort: 'due', limit: 20 }, c)),
		seriesList ? seriesList.load((c) => api.page('agreements', { series: seriesId, sort: 'signed_on', limit: 50 }, c)) : null]);
	const rowOf = new Map(byStatus.rows.map((r) => [r.key, r]));
	const board = h('div.board', columns.map(({ s, list }) => {
		const r = rowOf.get(s) || { count: 0, values: [] };
		return h('section.column', { 'aria-label': label('status', s), 'data-status': s },
			h('h3', label('status', s), h('span.count', ` ${number(r.count)}`)),
			h('p.column-total', r.values && r.values.length ? moneyList(r.values) : '\u00a0'),
			list.el);
	}));
	const filterBar = boardFilters(filters, only, provinces.rows);
	return h('div', pageTitle(t('agreements'), api.can.write() ? link('/new/agreements', '+ ', t('new')) : null),
		filterBar,
		filterNote({ ...Object.fromEntries(LINK_FILTERS.filter((k) => filters[k]).map((k) => [k, filters[k]])), ...(except.length ? { except: except.join(',') } : {}) },
			'/agreements', 'agreement_kind'),
		h('h2', t('pipeline')), h('p.counts', tx(byStatus.counts)), board,
		h('h2', t('followups')), h('p.counts', t('followups_counts')), followups.el,
		h('h2', t('series_view')),
		seriesId ? h('section.card', h('h3', `${t('series')} #${seriesId}`), seriesList.el)
			: whenSeen(h('p.muted', t('loading')), () => api.get(`/api/stats?${api.query({ measure: 'agreements', group: 'series', top: 10, ...statFilters })}`), topSeries));
}

// The longest series (the agreements of none left out), each opening its
// agreements in order.
function topSeries(st) {
	const rows = st.rows.filter((r) => r.key !== null);
	return rows.length ? h('ul.list', { id: 'top-series' }, rows.map((r) => h('li', link(`/agreements?series=${encodeURIComponent(r.key)}`, tx(r.label) || `${t('series')} #${r.key}`), h('span.muted', ` · ${number(r.count)}`))))
		: h('p.muted', t('none'));
}

function followupItem(f) {
	const today = todayKey();
	const a = f.agreement || { id: f.agreement_id };
	return h('li', h(f.due_on < today ? 'span.tag.warn' : 'span.tag', f.due_on < today ? t('overdue') : t('due')), ' ', day(f.due_on), ' · ',
		tx(f.description) || '—', ' · ', link(`/agreements/${a.id}`, refName(a)));
}

function seriesItem() {
	let n = 0;
	return (a) => h('li', h('span.tag', ordinal(++n)), ' ', link(`/agreements/${a.id}`, tx(a.title) || a.key), h('span.muted', ` · ${day(a.signed_on)}`));
}

// provinces: the home organisations that sent missions (stats rows).
function boardFilters(filters, status, provinces) {
	const input = (name, text, type = 'text', extra = {}) => h('div.field', h('label', { for: `b-${name}` }, text),
		h('input', { id: `b-${name}`, name, type, value: filters[name] || '', ...extra }));
	const form = h('form.filters', { id: 'board-filters', 'aria-label': t('filters') },
		input('q', t('search_titles'), 'search'),
		input('signed_from', t('signed_from'), 'date'), input('signed_to', t('signed_to'), 'date'),
		h('div.field', h('label', { for: 'b-province' }, t('province')),
			h('select', { id: 'b-province', name: 'province' }, h('option', { value: '' }, t('all')),
				provinces.map((r) => h('option', { value: r.key, selected: String(r.key) === filters.province }, tx(r.label) || `#${r.key}`)))),
		input('series', t('series'), 'text', { inputmode: 'numeric', pattern: '[0-9]+', title: t('series_id') }),
		h('button', { type: 'submit' }, t('apply')),
		Object.keys(filters).length || status ? link('/agreements', t('clear_filters')) : null);
	form.addEventListener('submit', (e) => {
		e.preventDefault();
		const f = { ...filters };
		for (const k of ['q', 'signed_from', 'signed_to', 'province', 'series']) { const v = form.elements[k].value.trim(); if (v) f[k] = v; else delete f[k]; }
		if (status) f.status = status;
		go(`/agreements?${api.query(f)}`);
	});
	return form;
}

export async function agreementPage([id]) {
	const a = await api.get(`/api/agreements/${id}`);
	const [parties, followups] = await Promise.all([api.listAll(`agreements/${id}/parties`), api.listAll(`agreements/${id}/followups`)]);
	const edit = api.can.write(), today = todayKey();
	return h('article', pageTitle(tx(a.title) || a.key, link(`/agreements/${a.id}/realisations`, t('realisations')),
		edit ? link(`/edit/agreements/${a.id}`, t('edit')) : null),
		dl([[t('kind'), label('agreement_kind', a.kind)], [t('status'), label('status', a.status)], [t('signed_on'), day(a.signed_on)],
			[t('value'), a.value_minor !== null ? h('span.money', money(a.value_minor, a.currency)) : ''],
			[t('home_role'), label('home_role', a.home_role)], [t('sector'), a.sectors.map((s) => label('sector', s)).join(', ')],
			[t('mission'), a.mission_id && api.can.missions() ? link(`/missions/${a.mission_id}`, a.mission ? refName(a.mission) : t('open_mission')) : ''],
			[t('series'), a.series_id !== null && a.series_id !== undefined ? link(`/agreements?series=${a.series_id}`, a.series ? refName(a.series) : `${t('series')} #${a.series_id}`) : ''],
			[t('notes'), tx(a.notes)]]),
		h('section', h('h2', t('parties')), h('ul.list', parties.map((p) => h('li', label('party_role', p.role), ' · ', link(`/organisations/${p.organisation_id}`, refName(p.organisation || { id: p.organisation_id }))))),
			edit ? h('p.small', link(`/new/agreements/${a.id}/parties`, '+ ', t('parties'))) : null),
		h('section', h('h2', t('followups')), followups.length ? h('ul.list', followups.map((f) => h('li',
			h(f.done_on ? 'span.tag' : f.due_on < today ? 'span.tag.warn' : 'span.tag', f.done_on ? t('done') : f.due_on < today ? t('overdue') : t('due')), ' ',
			day(f.due_on), ' · ', tx(f.description) || '—', edit ? [' ', link(`/edit/agreements/${a.id}/followups/${f.id}`, t('edit'))] : null))) : h('p.muted', t('none')),
			edit ? h('p.small', link(`/new/agreements/${a.id}/followups`, '+ ', t('followups'))) : null));
}

export async function pavilionPage([id]) {
	const p = await api.get(`/api/pavilions/${id}`);
	const exhibitors = await api.listAll(`pavilions/${id}/exhibitors`);
	const edit = api.can.write();
	return h('article', pageTitle(tx(p.name) || p.key, edit ? link(`/edit/pavilions/${p.id}`, t('edit')) : null),
		dl([[t('show'), tx(p.show)], [t('mission'), link(`/missions/${p.mission_id}`, t('open_mission'))], [t('notes'), tx(p.notes)]]),
		h('section', h('h2', t('exhibitors')),
			h('table.data', h('thead', h('tr', [t('organisation'), t('description'), t('booth'), t('products')].map((x) => h('th', { scope: 'col' }, x)))),
				h('tbody', exhibitors.map((x) => h('tr', h('td', x.organisation_id ? link(`/organisations/${x.organisation_id}`, refName(x.organisation || { id: x.organisation_id })) : '—'),
					h('td', tx(x.description)), h('td', x.booth || ''), h('td', tx(x.products) || ''))))),
			edit ? h('p.small', link(`/new/pavilions/${p.id}/exhibitors`, '+ ', t('exhibitors'))) : null));
}
