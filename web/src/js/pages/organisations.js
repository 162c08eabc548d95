// organisations.js: the directory with instant search (partial words in
// Korean and English, initial consonants) and filters, and one
// organisation's page.
import * as api from '../api.js';
import { h, clear } from '../dom.js';
import { t, tx, label, enumCodes } from '../i18n.js';
import { money, day } from '../format.js';
import { matches } from '../hangul.js';
import { link, pageTitle, dl, byId } from '../ui.js';

export async function organisationsPage(_, query) {
	const orgs = await api.listAll('organisations');
	const countries = [...new Set(orgs.map((o) => o.country).filter(Boolean))].sort();
	const region = new Intl.DisplayNames([document.documentElement.lang], { type: 'region' });
	const q = h('input', { id: 'org-search', type: 'search', placeholder: t('search_orgs'), value: query.get('q') || '', autocomplete: 'off' });
	const kind = select('org-kind', t('kind'), enumCodes('org_kind').map((k) => [k, label('org_kind', k)]));
	const country = select('org-country', t('country'), countries.map((c) => [c, `${region.of(c)} (${c})`]));
	const sector = select('org-sector', t('sector'), enumCodes('sector').map((k) => [k, label('sector', k)]));
	const count = h('p.muted', { 'aria-live': 'polite', id: 'org-count' });
	const list = h('ul.cards.orgs', { id: 'org-list' });
	function update() {
		const shown = orgs.filter((o) => matches(q.value, [o.name.ko, o.name.en, o.key])
			&& (!kind.sel.value || o.kind === kind.sel.value)
			&& (!country.sel.value || o.country === country.sel.value)
			&& (!sector.sel.value || o.sectors.includes(sector.sel.value)));
		count.textContent = t('results', { n: shown.length });
		clear(list).append(...shown.map((o) => h('li.card',
			h('h3', link(`/organisations/${o.id}`, tx(o.name) || o.key)),
			h('p.muted', [label('org_kind', o.kind), o.country, o.sectors.map((s) => label('sector', s)).join(', ')].filter(Boolean).join(' · ')))));
	}
	for (const el of [q, kind.sel, country.sel, sector.sel]) el.addEventListener('input', update);
	update();
	return h('div', pageTitle(t('organisations'), api.can.write() ? link('/new/organisations', '+ ', t('new')) : null),
		h('div.filters', h('div.field.grow', h('label', { for: 'org-search' }, t('search')), q), kind.field, country.field, sector.field),
		count, list);
}

function select(id, text, options) {
	const sel = h('select', { id }, h('option', { value: '' }, t('all')), options.map(([v, l]) => h('option', { value: v }, l)));
	return { sel, field: h('div.field', h('label', { for: id }, text), sel) };
}

export async function organisationPage([id]) {
	const org = await api.get(`/api/organisations/${id}`);
	const [people, agreements, events] = await Promise.all([
		api.listOrNone('people', { organisation_id: id }), api.listOrNone('agreements'), api.listOrNone('events')]);
	// Agreements and events of this organisation: those naming it as a
	// party or participant (asked per record, as the API lists them).
	const parties = await Promise.all(agreements.map(async (a) => [a, await api.listOrNone(`agreements/${a.id}/parties`, { organisation_id: id })]));
	const mine = parties.filter(([, p]) => p.length).map(([a]) => a);
	const took = await Promise.all(events.map(async (e) => [e, await api.listOrNone(`events/${e.id}/participants`, { organisation_id: id })]));
	const myEvents = took.filter(([, p]) => p.length).map(([e]) => e);
	const series = [...new Set(mine.map((a) => a.series_id).filter((s) => s !== null))];
	const canEdit = api.can.write() || (api.session.role === 'company' && api.session.organisation_id === org.id);
	return h('article', pageTitle(tx(org.name) || org.key, canEdit ? link(`/edit/organisations/${org.id}`, t('edit')) : null),
		dl([[t('kind'), label('org_kind', org.kind)], [t('country'), org.country], [t('city'), tx(org.city)],
			[t('sector'), org.sectors.map((s) => label('sector', s)).join(', ')], [t('description'), tx(org.description)],
			[t('website'), org.website]]),
		h('section', h('h2', t('people')), people.length ? h('ul.list', people.map((p) => h('li', tx(p.name), tx(p.title) ? ` · ${tx(p.title)}` : ''))) : h('p.muted', t('none')),
			api.can.write() ? h('p.small', link(`/new/people?organisation_id=${org.id}`, '+ ', t('people'))) : null),
		h('section', h('h2', t('events')), myEvents.length ? h('ul.list', myEvents.map((e) => h('li', label('event_kind', e.kind), ' · ', api.can.missions() ? link(`/missions/${e.mission_id}`, tx(e.title)) : tx(e.title)))) : h('p.muted', t('none'))),
		h('section', h('h2', t('agreements')), mine.length ? h('ul.list', mine.map((a) => h('li', link(`/agreements/${a.id}`, tx(a.title)), ' · ', day(a.signed_on), ' · ', label('status', a.status), a.value_minor !== null ? ` · ${money(a.value_minor, a.currency)}` : ''))) : h('p.muted', t('none'))),
		series.length ? h('section', h('h2', t('series')), h('ul.list', series.map((s) => h('li', link(`/agreements?series=${s}`, `${t('series')} #${s}`))))) : null);
}
