// agreements.js: the pipeline board by status, follow-ups due and
// overdue, the series view; one agreement's page; a pavilion's page.
import * as api from '../api.js';
import { h } from '../dom.js';
import { t, tx, label, enumCodes, getLang } from '../i18n.js';
import { money, day, todayKey } from '../format.js';
import { link, pageTitle, dl, byId, nameOf } from '../ui.js';

function valuesPerCurrency(list) {
	const m = new Map();
	for (const a of list) if (a.value_minor !== null && a.currency) m.set(a.currency, (m.get(a.currency) || 0) + a.value_minor);
	return [...m].map(([c, v]) => money(v, c)).join(' · ');
}

function ordinal(n) {
	if (getLang() === 'ko') return `${n}번째`;
	const s = ['th', 'st', 'nd', 'rd'], v = n % 100;
	return n + (s[(v - 20) % 10] || s[v] || s[0]);
}

export async function agreementsPage(_, query) {
	const agreements = await api.listAll('agreements');
	const followups = (await Promise.all(agreements.map(async (a) => (await api.listOrNone(`agreements/${a.id}/followups`)).map((f) => ({ ...f, agreement: a }))))).flat();
	const today = todayKey();
	const open = followups.filter((f) => !f.done_on).sort((x, y) => x.due_on.localeCompare(y.due_on));
	const board = h('div.board', enumCodes('status').map((s) => {
		const list = agreements.filter((a) => a.status === s);
		return h('section.column', { 'aria-label': label('status', s) },
			h('h3', label('status', s), h('span.count', ` ${list.length}`)),
			h('p.column-total', valuesPerCurrency(list) || '\u00a0'),
			h('ul.plain', list.map((a) => h('li.card.small', link(`/agreements/${a.id}`, tx(a.title) || a.key),
				h('p.muted', `${label('agreement_kind', a.kind)} · ${day(a.signed_on)}`, a.value_minor !== null ? h('span.money', ` · ${money(a.value_minor, a.currency)}`) : null)))));
	}));
	const series = new Map();
	for (const a of agreements) if (a.series_id !== null) (series.get(a.series_id) || series.set(a.series_id, []).get(a.series_id)).push(a);
	const only = query.get('series');
	const seriesView = [...series].filter(([id]) => !only || String(id) === only).map(([id, list]) => {
		list.sort((x, y) => x.signed_on.localeCompare(y.signed_on) || x.id - y.id);
		return h('section.card', h('h3', `${t('series')} #${id}`),
			h('ol.series', list.map((a, i) => h('li', h('span.tag', ordinal(i + 1)), ' ', link(`/agreements/${a.id}`, tx(a.title)), h('span.muted', ` · ${day(a.signed_on)}`)))));
	});
	return h('div', pageTitle(t('agreements'), api.can.write() ? link('/new/agreements', '+ ', t('new')) : null),
		h('h2', t('pipeline')), board,
		h('h2', t('followups')), open.length ? h('ul.list', open.map((f) => h('li', h(f.due_on < today ? 'span.tag.warn' : 'span.tag', f.due_on < today ? t('overdue') : t('due')), ' ', day(f.due_on), ' · ',
			tx(f.description) || '—', ' · ', link(`/agreements/${f.agreement.id}`, tx(f.agreement.title))))) : h('p.muted', t('none')),
		h('h2', t('series_view')), seriesView.length ? seriesView : h('p.muted', t('none')));
}

export async function agreementPage([id]) {
	const a = await api.get(`/api/agreements/${id}`);
	const [parties, followups, orgs] = await Promise.all([
		api.listAll(`agreements/${id}/parties`), api.listAll(`agreements/${id}/followups`), api.listOrNone('organisations')]);
	const o = byId(orgs), edit = api.can.write(), today = todayKey();
	return h('article', pageTitle(tx(a.title) || a.key, link(`/agreements/${a.id}/realisations`, t('realisations')),
		edit ? link(`/edit/agreements/${a.id}`, t('edit')) : null),
		dl([[t('kind'), label('agreement_kind', a.kind)], [t('status'), label('status', a.status)], [t('signed_on'), day(a.signed_on)],
			[t('value'), a.value_minor !== null ? h('span.money', money(a.value_minor, a.currency)) : ''],
			[t('home_role'), label('home_role', a.home_role)], [t('sector'), a.sectors.map((s) => label('sector', s)).join(', ')],
			[t('mission'), a.mission_id && api.can.missions() ? link(`/missions/${a.mission_id}`, t('open_mission')) : ''],
			[t('notes'), tx(a.notes)]]),
		h('section', h('h2', t('parties')), h('ul.list', parties.map((p) => h('li', label('party_role', p.role), ' · ', link(`/organisations/${p.organisation_id}`, nameOf(o, p.organisation_id) || `#${p.organisation_id}`)))),
			edit ? h('p.small', link(`/new/agreements/${a.id}/parties`, '+ ', t('parties'))) : null),
		h('section', h('h2', t('followups')), followups.length ? h('ul.list', followups.map((f) => h('li',
			h(f.done_on ? 'span.tag' : f.due_on < today ? 'span.tag.warn' : 'span.tag', f.done_on ? t('done') : f.due_on < today ? t('overdue') : t('due')), ' ',
			day(f.due_on), ' · ', tx(f.description) || '—', edit ? [' ', link(`/edit/agreements/${a.id}/followups/${f.id}`, t('edit'))] : null))) : h('p.muted', t('none')),
			edit ? h('p.small', link(`/new/agreements/${a.id}/followups`, '+ ', t('followups'))) : null));
}

export async function pavilionPage([id]) {
	const p = await api.get(`/api/pavilions/${id}`);
	const [exhibitors, orgs] = await Promise.all([api.listAll(`pavilions/${id}/exhibitors`), api.listOrNone('organisations')]);
	const o = byId(orgs), edit = api.can.write();
	return h('article', pageTitle(tx(p.name) || p.key, edit ? link(`/edit/pavilions/${p.id}`, t('edit')) : null),
		dl([[t('show'), tx(p.show)], [t('mission'), link(`/missions/${p.mission_id}`, t('open_mission'))], [t('notes'), tx(p.notes)]]),
		h('section', h('h2', t('exhibitors')),
			h('table.data', h('thead', h('tr', [t('organisation'), t('description'), t('booth'), t('products')].map((x) => h('th', { scope: 'col' }, x)))),
				h('tbody', exhibitors.map((x) => h('tr', h('td', x.organisation_id ? link(`/organisations/${x.organisation_id}`, nameOf(o, x.organisation_id)) : '—'),
					h('td', tx(x.description)), h('td', x.booth || ''), h('td', tx(x.products) || ''))))),
			edit ? h('p.small', link(`/new/pavilions/${p.id}/exhibitors`, '+ ', t('exhibitors'))) : null));
}
