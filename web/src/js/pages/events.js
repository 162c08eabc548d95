// events.js: the events behind a figure of the dashboard or a mission's
// report, one page at a time, narrowed by the figure's filters (year,
// province, country, sector, kind, mission), with their count from the
// same aggregate as the figure and what it counts.
import * as api from '../api.js';
import { h } from '../dom.js';
import { t, tx, label } from '../i18n.js';
import { dateTime, number } from '../format.js';
import { link, pageTitle } from '../ui.js';
import { pagedList, refName } from '../paged.js';
import { filtersOf, filterNote } from './lists.js';

export const EVENT_FILTERS = ['year', 'province', 'country', 'sector', 'kind', 'mission'];

export async function eventsPage(_, query) {
	const filters = filtersOf(query, EVENT_FILTERS);
	const head = h('thead', h('tr', [t('when'), t('kind'), t('title'), t('mission')].map((x) => h('th', { scope: 'col' }, x))));
	const list = pagedList('tbody', (e) => h('tr',
		h('td.when', dateTime(e.start_utc, e.zone, e.start_precision)),
		h('td', label('event_kind', e.kind)),
		h('td', tx(e.title) || e.key),
		h('td', e.mission_id && api.can.missions() ? link(`/missions/${e.mission_id}`, e.mission ? refName(e.mission) : t('open_mission')) : '')),
	{ id: 'event-list', head, empty: t('none') });
	const listFilters = { ...filters, mission_id: filters.mission, mission: undefined };
	const [st] = await Promise.all([
		api.get(`/api/stats?${api.query({ measure: 'events', group: 'kind', top: 1, ...filters })}`),
		list.load((c) => api.page('events', { ...listFilters, sort: '-start_utc', limit: 50 }, c))]);
	return h('div', pageTitle(t('events')),
		h('p.list-count', h('span', { id: 'list-count' }, number(st.total.count)), ' ', h('span.counts', tx(st.counts))),
		filterNote(filters, '/events'), list.el);
}
