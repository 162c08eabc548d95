// organisations.js: the directory, searched and filtered on the server
// one page at a time (partial words in Korean and English), and one
// organisation's page with its agreements and events paged.
import * as api from '../api.js';
import { h } from '../dom.js';
import { t, tx, label, enumCodes } from '../i18n.js';
import { money, day, number } from '../format.js';
import { link, pageTitle, dl } from '../ui.js';
import { pagedList, debounce, refName } from '../paged.js';

const DIRECTORY_PAGE = 50;

function orgCard(o) {
	return h('li.card',
		h('h3', link(`/organisations/${o.id}`, tx(o.name) || o.key)),
		h('p.muted', [label('org_kind', o.kind), o.country, (o.sectors || []).map((s) => label('sector', s)).join(', ')].filter(Boolean).join(' · ')));
}

// Typing waits for a pause (250 ms) before asking the server, and only
// the page of cards shown is replaced: never thousands of nodes.
export async function organisationsPage(_, query) {
	const q = h('input', { id: 'org-search', type: 'search', placeholder: t('search_orgs'), value: query.get('q') || '', autocomplete: 'off' });
	const kind = select('org-kind', t('kind'), enumCodes('org_kind').map((k) => [k, label('org_kind', k)]), query.get('kind'));
	const country = h('input', { id: 'org-country', maxlength: 2, size: 3, autocapitalize: 'characters', placeholder: 'US', value: query.get('country') || '' });
	const sector = select('org-sector', t('sector'), enumCodes('sector').map((k) => [k, label('sector', k)]), query.get('sector'));
	const count = h('p.muted', { 'aria-live': 'polite', id: 'org-count' });
	const list = pagedList('ul.cards.orgs', orgCard, { id: 'org-list' });
	list.el.addEventListener('paged', (e) => {
		count.textContent = e.detail.more ? t('results_more', { n: number(e.detail.shown) }) : t('results', { n: number(e.detail.shown) });
	});
	const params = () => {
		const c = country.value.trim().toUpperCase();
		return { q: q.value.trim(), kind: kind.sel.value, country: /^[A-Z]{2}$/.test(c) ? c : '', sector: sector.sel.value };
	};
	// A country code that is not two letters is said beside the field,
	// and the search waits for a valid one.
	const countryError = h('p.field-error', { id: 'org-country-err', hidden: true }, t('country_two_letters'));
	country.setAttribute('aria-describedby', 'org-country-err');
	const update = debounce(() => {
		const bad = country.value.trim() !== '' && !/^[A-Za-z]{2}$/.test(country.value.trim());
		countryError.hidden = !bad;
		country.setAttribute('aria-invalid', bad ? 'true' : 'false');
		if (bad) return null;
		const p = params();
		history.replaceState(null, '', `/organisations${api.query(p) ? '?' + api.query(p) : ''}`);
		return list.load((cursor) => api.page('organisations', { ...p, limit: DIRECTORY_PAGE }, cursor));
	});
	q.addEventListener('input', () => update());
	q.addEventListener('keydown', (e) => { if (e.key === 'Enter') update.now(); });
	country.addEventListener('input', () => update());
	for (const el of [kind.sel, sector.sel]) el.addEventListener('change', () => update.now());
	await list.load((cursor) => api.page('organisations', { ...params(), limit: DIRECTORY_PAGE }, cursor));
	return h('div', pageTitle(t('organisations'), api.can.write() ? link('/new/organisations', '+ ', t('new')) : null),
		h('div.filters', h('div.field.grow', h('label', { for: 'org-search' }, t('search')), q), kind.field,
			h('div.field', h('label', { for: 'org-country' }, t('country_code')), country, countryError), sector.field),
		count, list.el);
}

function select(id, text, options, value) {
	const sel = h('select', { id }, h('option', { value: '' }, t('all')), options.map(([v, l]) => h('option', { value: v, selected: v === value }, l)));
	return { sel, field: h('div.field', h('label', { for: id }, text), sel) };
}

// One organisation: its people, and the agreements it is a party to and
// the events it took part in, each a page at a time from the server.
export async function organisationPage([id]) {
	const org = await api.get(`/api/organisations/${id}`);
	const people = pagedList('ul.list', (p) => h('li', tx(p.name), tx(p.title) ? ` · ${tx(p.title)}` : ''), { id: 'org-people', empty: t('none') });
	const events = pagedList('ul.list', (e) => h('li', e.local_day ? `${day(e.local_day)} · ` : '', label('event_kind', e.kind), ' · ',
		api.can.missions() && e.mission_id ? link(`/missions/${e.mission_id}`, tx(e.title) || e.key) : tx(e.title) || e.key,
		e.mission ? h('span.muted', ` · ${refName(e.mission)}`) : null), { id: 'org-events', empty: t('none') });
	const series = new Map();
	const agreements = pagedList('ul.list', (a) => {
		if (a.series_id !== null && a.series_id !== undefined) series.set(a.series_id, a.series);
		return h('li', link(`/agreements/${a.id}`, tx(a.title) || a.key), ' · ', day(a.signed_on), ' · ', label('status', a.status),
			a.value_minor !== null ? ` · ${money(a.value_minor, a.currency)}` : '');
	}, { id: 'org-agreements', empty: t('none') });
	const seriesList = h('ul.list', { id: 'org-series' });
	const drawSeries = () => seriesList.replaceChildren(...[...series].map(([s, ref]) => h('li', link(`/agreements?series=${s}`, ref ? refName(ref) : `${t('series')} #${s}`))));
	agreements.el.addEventListener('paged', drawSeries);
	await Promise.all([
		people.load((c) => api.page('people', { organisation_id: id, limit: 20 }, c).catch((e) => { if (e.status === 403) return { items: [], next: null }; throw e; })),
		agreements.load((c) => api.page(`organisations/${id}/agreements`, { limit: 20 }, c)),
		events.load((c) => api.page(`organisations/${id}/events`, { limit: 20 }, c))]);
	const canEdit = api.can.write() || (api.session.role === 'company' && api.session.organisation_id === org.id);
	return h('article', pageTitle(tx(org.name) || org.key, canEdit ? link(`/edit/organisations/${org.id}`, t('edit')) : null),
		dl([[t('kind'), label('org_kind', org.kind)], [t('country'), org.country], [t('city'), tx(org.city)],
			[t('sector'), org.sectors.map((s) => label('sector', s)).join(', ')], [t('description'), tx(org.description)],
			[t('website'), org.website]]),
		h('section', h('h2', t('people')), people.el,
			api.can.write() ? h('p.small', link(`/new/people?organisation_id=${org.id}`, '+ ', t('people'))) : null),
		h('section', h('h2', t('events')), h('p.counts', t('org_events_counts')), events.el),
		h('section', h('h2', t('agreements')), h('p.counts', t('org_agreements_counts')), agreements.el),
		h('section', h('h2', t('series')), seriesList));
}
