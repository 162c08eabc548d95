// events.js: the events behind a figure of the dashboard or a mission's
// report, one page at a time, narrowed by the figure's filters (kind,
// mission).
import * as api from '../api.js';
import { h } from '../dom.js';
import { t, tx, label } from '../i18n.js';
import { dateTime } from '../format.js';
import { link, pageTitle } from '../ui.js';
import { pagedList, refName } from '../paged.js';

const EVENT_FILTERS = ['kind', 'mission'];

export async function eventsPage(_, query) {
	const filters = {};
	for (const k of EVENT_FILTERS) if (query.get(k)) filters[k] = query.get(k);
	const head = h('thead', h('tr', [t('when'), t('kind'), t('title'), t('mission')].map((x) => h('th', { scope: 'col' }, x))));
	const list = pagedList('tbody', (e) => h('tr',
		h('td.when', dateTime(e.start_utc, e.zone, e.start_precision)),
		h('td', label('event_kind', e.kind)),
		h('td', tx(e.title) || e.key),
		h('td', e.mission_id && api.can.missions() ? link(`/missions/${e.mission_id}`, e.mission ? refName(e.mission) : t('open_mission')) : '')),
	{ id: 'event-list', head, empty: t('none') });
	await list.load((c) => api.page('events', { kind: filters.kind, mission_id: filters.mission, sort: '-start_utc', limit: 50 }, c));
	const named = Object.entries(filters).map(([k, v]) => `${t(k)}: ${k === 'kind' ? label('event_kind', v) : v}`);
	return h('div', pageTitle(t('events')), named.length ? h('p.muted', { id: 'event-filters' }, named.join(' · '), ' · ', link('/events', t('clear_filters'))) : null,
		list.el);
}
