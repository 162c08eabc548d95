// home.js: the login page and the dashboard.
import * as api from '../api.js';
import { h } from '../dom.js';
import { t, tx, label, enumCodes } from '../i18n.js';
import { money, number, day } from '../format.js';
import { barChart } from '../charts.js';
import { link, pageTitle } from '../ui.js';
import { pagedList, refName, whenSeen } from '../paged.js';
import { render, go } from '../main.js';
import { MEETING_KINDS } from './meetings.js';

export async function loginPage() {
	document.title = `${t('login')} · Pavilion`;
	const msg = h('p.alert', { role: 'alert', hidden: true, id: 'login-error' });
	const user = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
	const pass = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
	const form = h('form.card.login', { 'aria-describedby': 'login-error' },
		h('h1', t('app')), h('p.muted', t('login_title')), msg,
		h('div.field', h('label', { for: 'username' }, t('username')), user),
		h('div.field', h('label', { for: 'password' }, t('password')), pass),
		h('button.primary', { type: 'submit' }, t('login')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		msg.hidden = true;
		try {
			await api.login(user.value, pass.value);
			render();
		} catch (e) {
			const wait = e.headers && e.headers.get('Retry-After');
			msg.textContent = e.status === 429 ? t('login_wait', { s: wait || '60' }) : e.status === 401 ? t('login_failed') : e.message;
			msg.hidden = false;
			pass.focus();
		}
	});
	setTimeout(() => user.focus(), 0);
	return form;
}

// The dashboard from aggregates: a handful of /api/stats requests and one
// page of the mission list, whatever the size of the database.  Filters
// (year, province, country, sector) live in the address, so every figure
// is a link that can be shared, and each opens the records it counts.
const FILTERS = ['year', 'province', 'country', 'sector'];
const TOP = 10;

function stats(measure, group, filters, top) {
	return api.get(`/api/stats?${api.query({ measure, group, top, ...filters })}`);
}

// The filters each listing can apply as /api/stats does.  A figure is a
// link only when its list can show exactly the records it counts.
const LIST_FILTERS = {
	agreements: ['year', 'province', 'country', 'sector', 'series', 'mission', 'kind', 'status', 'except'],
	events: ['year', 'province', 'country', 'sector', 'kind', 'mission'],
};
const listable = (list, f) => Object.keys(f).every((k) => LIST_FILTERS[list].includes(k));

// The agreements board narrowed to filters and more, or null.
function agreementsHref(filters, more = {}) {
	const f = { ...filters, ...more };
	if (!listable('agreements', f)) return null;
	if (f.year) { f.signed_from = `${f.year}-01-01`; f.signed_to = `${f.year}-12-31`; delete f.year; }
	const q = api.query(f);
	return q ? `/agreements?${q}` : '/agreements';
}
const dashHref = (filters, more = {}) => { const q = api.query({ ...filters, ...more }); return q ? `/?${q}` : '/'; };
const eventsHref = (filters, more = {}) => {
	const f = { ...filters, ...more };
	return listable('events', f) ? `/events?${api.query(f)}` : null;
};

const values = (list) => (list || []).map((v) => h('span.money', money(v.minor, v.currency)));

// The headline figures, the filters and the first page of missions come
// first; the charts below them ask for their figures when they come into
// view, so a dashboard nobody scrolls costs six requests.
export async function dashboardPage(_, query) {
	if (!api.can.missions()) return companyHome();
	const filters = {};
	for (const k of FILTERS) if (query.get(k)) filters[k] = query.get(k);
	const sort = query.get('sort') || '-start';
	const missions = missionList(filters, sort);
	const [byYear, byProvince, byCountry, byKind, eventKinds] = await Promise.all([
		stats('missions', 'year', filters), stats('missions', 'province', filters, 50), stats('missions', 'country', filters, 100),
		stats('agreements', 'kind', filters), stats('events', 'kind', filters), missions.ready]);
	const out = [pageTitle(t('dashboard'), api.can.write() ? link('/new/missions', '+ ', t('missions')) : null)];
	out.push(filterForm(filters, sort, byYear, byProvince, byCountry));
	const stat = (id, name, value, href, counts) => h('div.stat',
		h('span.stat-label', name), h('span.stat-value', { id }, href ? link(href, value) : value),
		counts ? h('span.counts', tx(counts)) : null);
	const agr = byKind.total || { count: 0, values: [] };
	out.push(h('section.totals', { 'aria-label': t('total') },
		stat('total-missions', t('missions'), number(byYear.total.count), '#missions', byYear.counts),
		stat('total-signed', t('agreements'), number(agr.count), agreementsHref(filters), byKind.counts),
		stat('total-value', t('values'), agr.values.length ? values(agr.values) : '—', agr.values.length ? agreementsHref(filters) : null, t('values_counts')),
		stat('total-events', t('events'), number(eventKinds.total.count), eventsHref(filters), eventKinds.counts)));
	out.push(tiers(filters, true));
	out.push(missions.el);
	out.push(h('section.charts', { id: 'charts' }, charts(filters, { byKind, byProvince, eventKinds })));
	return h('div', out);
}

// The outcome tiers (docs/outcomes.md) from the aggregates, asked for
// when they come into view: consulted and expected (the consultations),
// signed (contracts and purchase orders not cancelled) and realised,
// each per currency and never added to another tier.
// Each count opens its records; a company's figures are its own (the API
// scopes them), and open the lists it may see.
const SALES = ['contract', 'purchase_order'];
function tiers(filters, board) {
	const ask = () => Promise.all([stats('consultations', 'year', filters, 1), stats('realisations', 'year', filters, 1),
		...SALES.map((kind) => stats('agreements', 'status', { ...filters, kind }))]);
	const q = (more = {}) => { const s = api.query({ ...filters, ...more }); return s ? `?${s}` : ''; };
	const stat = (id, name, figure, counts) => h('div.stat', { id }, h('span.stat-label', name), h('span.stat-value', figure), h('span.counts', counts));
	const amounts = (list) => (list && list.length ? values(list) : '—');
	const draw = ([cons, real, ...sales]) => {
		const signed = sales.map((st) => st.rows.filter((r) => r.key !== 'cancelled'));
		const signedValues = [];
		for (const rows of signed) for (const r of rows) for (const v of r.values || []) {
			const same = signedValues.find((x) => x.currency === v.currency);
			if (same) same.minor += v.minor; else signedValues.push({ currency: v.currency, minor: v.minor });
		}
		const counted = (n, href) => (href ? link(href, number(n)) : number(n));
		return h('section.totals.tiers', { id: 'outcomes', 'aria-label': t('outcome_tiers') },
			stat('tier-consulted', label('tier', 'consulted'), [counted(cons.total.count, `/consultations${q()}`), amounts(cons.total.values)], tx(cons.counts)),
			stat('tier-expected', label('tier', 'expected'), amounts(cons.total.expected), t('tier_expected_counts')),
			stat('tier-signed', label('tier', 'signed'), [
				...SALES.map((kind, i) => h('span', `${label('agreement_kind', kind)} `,
					counted(signed[i].reduce((n, r) => n + r.count, 0), board ? agreementsHref(filters, { kind, except: 'cancelled' }) : null))),
				amounts(signedValues)], t('tier_signed_counts')),
			stat('tier-realised', label('tier', 'realised'), [counted(real.total.count, `/realisations${q()}`), amounts(real.total.values)], tx(real.counts)));
	};
	return whenSeen(h('section.totals.tiers', { 'aria-label': t('outcome_tiers') }, h('p.muted', t('loading'))), ask, draw);
}

// A chart whose figures are asked for when it comes into view.
const lazyChart = (title, ask, draw) => whenSeen(h('figure.chart', h('figcaption', title), h('p.muted', t('loading'))), ask, draw);

function filterForm(filters, sort, byYear, byProvince, byCountry) {
	const region = new Intl.DisplayNames([document.documentElement.lang], { type: 'region' });
	const country = (c) => { try { return `${region.of(c)} (${c})`; } catch { return c; } };
	const sel = (name, text, options) => {
		const el = h('select', { id: `f-${name}`, name }, h('option', { value: '' }, t('all')),
			options.map(([v, l]) => h('option', { value: v, selected: String(filters[name] || '') === String(v) }, l)));
		return h('div.field', h('label', { for: `f-${name}` }, text), el);
	};
	const keys = (st) => st.rows.map((r) => String(r.key));
	// A filter's own value stays selectable when the others leave no row of it.
	const withCurrent = (name, opts) => (filters[name] && !opts.some(([v]) => String(v) === filters[name]) ? [[filters[name], filters[name]], ...opts] : opts);
	const form = h('form.filters', { id: 'dash-filters', 'aria-label': t('filters') },
		sel('year', t('year'), withCurrent('year', keys(byYear).sort().reverse().map((y) => [y, y]))),
		sel('province', t('province'), withCurrent('province', byProvince.rows.map((r) => [r.key, tx(r.label) || r.key]))),
		sel('country', t('country'), withCurrent('country', byCountry.rows.map((r) => [r.key, country(r.key)]))),
		sel('sector', t('sector'), enumCodes('sector').map((k) => [k, label('sector', k)])),
		Object.keys(filters).length ? link('/', t('clear_filters')) : null);
	form.addEventListener('change', () => {
		const f = {};
		for (const k of FILTERS) { const v = form.elements[k].value; if (v) f[k] = v; }
		go(dashHref(f, sort !== '-start' ? { sort } : {}));
	});
	return form;
}

// Rows of a stats answer as bars; others (past the top N) as one row.
// Neither others nor the row of records without the grouping's value
// (key null, "unknown") is a link: no list filters for them.
function statRows(st, labelOf, hrefOf) {
	const rows = st.rows.map((r) => ({ label: labelOf(r), text: number(r.count), parts: [{ name: '', value: r.count }], href: r.key === null ? null : hrefOf(r) }));
	if (st.others && st.others.count)
		rows.push({ label: t('others'), text: number(st.others.count), parts: [] });
	return rows;
}

function charts(filters, s) {
	const lab = (vocab) => (r) => label(vocab, r.key) || tx(r.label) || r.key;
	// Bars of different currencies do not share a scale: a chart per
	// currency, each year a row.
	const valueCharts = (st) => {
		const rows = [];
		for (const r of [...st.rows].sort((a, b) => String(a.key).localeCompare(String(b.key))))
			for (const v of r.values || [])
				rows.push({ label: `${r.key} · ${v.currency}`, text: money(v.minor, v.currency), parts: [{ name: v.currency, value: v.minor }],
					href: agreementsHref(filters, { year: r.key }) });
		const currencies = [...new Set(rows.map((r) => r.parts[0].name))];
		return currencies.length ? currencies.map((c) => barChart(`${t('chart_value')} · ${c}`, rows.filter((r) => r.parts[0].name === c), null, t('values_counts')))
			: barChart(t('chart_value'), [], null);
	};
	return [
		barChart(t('chart_kind'), statRows(s.byKind, lab('agreement_kind'), (r) => agreementsHref(filters, { kind: r.key })), null, tx(s.byKind.counts)),
		// Provinces were asked for 50 rows (the filter's choices): those past
		// the top ten join the others.
		barChart(t('chart_province', { n: TOP }), statRows({ ...s.byProvince, rows: s.byProvince.rows.slice(0, TOP),
			others: { count: s.byProvince.rows.slice(TOP).reduce((n, r) => n + r.count, s.byProvince.others.count) } }, (r) => tx(r.label) || r.key,
		(r) => dashHref({ ...filters, province: r.key })), null, tx(s.byProvince.counts)),
		barChart(t('chart_event_kind'), statRows(s.eventKinds, lab('event_kind'), (r) => eventsHref(filters, { kind: r.key })), null, tx(s.eventKinds.counts)),
		lazyChart(t('chart_status'), () => stats('agreements', 'status', filters), (st) =>
			barChart(t('chart_status'), statRows(st, lab('status'), (r) => agreementsHref(filters, { status: r.key })), null, tx(st.counts))),
		lazyChart(t('chart_value'), () => stats('agreements', 'year', filters), valueCharts),
		lazyChart(t('chart_sector', { n: TOP }), () => stats('agreements', 'sector', filters, TOP), (st) =>
			barChart(t('chart_sector', { n: TOP }), statRows(st, lab('sector'), (r) => agreementsHref(filters, { sector: r.key })), null, tx(st.counts))),
		lazyChart(t('chart_country', { n: TOP }), () => stats('agreements', 'country', filters, TOP), (st) =>
			barChart(t('chart_country', { n: TOP }), statRows(st, (r) => tx(r.label) || r.key, (r) => agreementsHref(filters, { country: r.key })), null, tx(st.counts))),
	];
}

// The missions as a paged table, sorted by a column the server indexes.
function missionList(filters, sort) {
	const col = (key, text) => {
		const cur = sort.replace(/^-/, '') === key ? (sort.startsWith('-') ? 'descending' : 'ascending') : null;
		const nextSort = cur === 'ascending' ? `-${key}` : key;
		return h('th', { scope: 'col', 'aria-sort': cur || 'none' }, link(dashHref(filters, { sort: nextSort }), text, cur ? (cur === 'ascending' ? ' ▲' : ' ▼') : ''));
	};
	const head = h('thead', h('tr', col('title', t('mission')), col('start', t('period')), h('th', { scope: 'col' }, t('province')),
		h('th', { scope: 'col' }, t('country')), col('agreements', t('signed')), h('th.num', { scope: 'col' }, t('values'))));
	const list = pagedList('tbody', (m) => h('tr.mission-row',
		h('td', link(`/missions/${m.id}`, tx(m.title) || m.slug)),
		h('td.when', m.duration && m.duration.label ? h('span.duration', m.duration.label) : null, ' ', h('span.muted', [day(m.start || m.first_day), day(m.end || m.last_day)].filter(Boolean).join(' – '))),
		h('td', m.province ? refName(m.province) : m.home_organisation ? refName(m.home_organisation) : ''),
		h('td', (m.countries || []).join(', ')),
		h('td.num', link(agreementsHref({}, { mission: m.id }), number(m.agreements ?? m.signed ?? 0))),
		h('td.num', values(m.values).map((v, i) => [i ? ', ' : '', v]))), { id: 'mission-list', head, empty: t('none') });
	return {
		ready: list.load((cursor) => api.page('missions/summary', { ...filters, sort, limit: 20 }, cursor)),
		el: h('section.missions', { id: 'missions' }, h('h2', t('missions')), h('p.counts', t('missions_counts')), list.el),
	};
}

// A company account: its own organisation, agreements and events, one
// page at a time (the API scopes them to the company anyway).
async function companyHome() {
	const s = api.session;
	if (!s.organisation_id) return h('div', pageTitle(t('dashboard')), h('p.muted', t('none')));
	const mine = await api.get(`/api/organisations/${s.organisation_id}`);
	const agreements = pagedList('ul.list', (a) => h('li', link(`/agreements/${a.id}`, tx(a.title) || a.key), ' · ', label('status', a.status),
		a.value_minor !== null ? ` · ${money(a.value_minor, a.currency)}` : ''), { id: 'my-agreements', empty: t('none') });
	const events = pagedList('ul.list', (e) => h('li', tx(e.title) || e.key,
		MEETING_KINDS.includes(e.kind) ? [' · ', link(`/events/${e.id}/meetings`, t('b2b_meetings'))] : null), { id: 'my-events', empty: t('none') });
	// The API counts only this company's records.
	const [agr, evs] = await Promise.all([stats('agreements', 'status', {}), stats('events', 'kind', {}),
		agreements.load((c) => api.page(`organisations/${mine.id}/agreements`, { limit: 20 }, c)),
		events.load((c) => api.page(`organisations/${mine.id}/events`, { limit: 20 }, c))]);
	return h('div', pageTitle(t('dashboard')),
		h('p', t('my_org'), ': ', link(`/organisations/${mine.id}`, tx(mine.name) || mine.key)),
		h('section.totals', { 'aria-label': t('total') },
			h('div.stat', h('span.stat-label', t('agreements')), h('span.stat-value', { id: 'total-signed' }, h('a', { href: '#my-agreements' }, number(agr.total.count))), h('span.counts', tx(agr.counts))),
			h('div.stat', h('span.stat-label', t('values')), h('span.stat-value', { id: 'total-value' }, agr.total.values.length ? values(agr.total.values) : '—'), h('span.counts', t('values_counts'))),
			h('div.stat', h('span.stat-label', t('events')), h('span.stat-value', { id: 'total-events' }, h('a', { href: '#my-events' }, number(evs.total.count))), h('span.counts', tx(evs.counts)))),
		tiers({}, false),
		h('section', h('h2', t('agreements')), agreements.el),
		h('section', h('h2', t('events')), events.el));
}
